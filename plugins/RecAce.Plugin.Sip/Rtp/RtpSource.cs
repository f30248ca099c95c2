using System.Net;
using System.Net.Sockets;

namespace RecAce.Plugin.Sip.Rtp;

/// <summary>
/// Whether a datagram's source (as the socket gave it, not yet an <see cref="IPEndPoint"/>) is one
/// of the addresses RTP is accepted from, without allocating per packet.
/// </summary>
internal static class RtpSource
{
    public static bool IsAllowed(SocketAddress source, IPAddress[] allowed)
    {
        Span<byte> address = stackalloc byte[16];
        int length;
        var raw = source.Buffer.Span;
        if (source.Family == AddressFamily.InterNetwork)
        {
            // sockaddr_in: family (2), port (2), address (4).
            raw.Slice(4, 4).CopyTo(address);
            length = 4;
        }
        else if (source.Family == AddressFamily.InterNetworkV6)
        {
            // sockaddr_in6: family (2), port (2), flow info (4), address (16). An IPv4-mapped address counts as IPv4.
            var v6 = raw.Slice(8, 16);
            if (v6[..10].IndexOfAnyExcept((byte)0) < 0 && v6[10] == 0xFF && v6[11] == 0xFF)
            {
                v6.Slice(12, 4).CopyTo(address);
                length = 4;
            }
            else
            {
                v6.CopyTo(address);
                length = 16;
            }
        }
        else
        {
            return false;
        }

        Span<byte> candidate = stackalloc byte[16];
        foreach (var a in allowed)
        {
            if (!a.TryWriteBytes(candidate, out var written)) continue;
            if (written == length && candidate[..written].SequenceEqual(address[..length])) return true;
            if (written == 16 && length == 4 && a.IsIPv4MappedToIPv6 && candidate[12..16].SequenceEqual(address[..4])) return true;
        }

        return false;
    }
}
