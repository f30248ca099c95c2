using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RecAce.Web.Tests.EndToEnd.Sip;

/// <summary>
/// Sends a headerless G.711 or G.722 (64 kbit/s) file as RTP, one 20 ms packet every 20 ms, for the second stream (sipp's
/// rtp_stream drives only the first m-line). Bounded by the file's length.
/// </summary>
internal static class PacedRtpSender
{
    public static async Task<int> SendAsync(string rawFile, int payloadType, IPEndPoint target, CancellationToken cancellationToken)
    {
        var audio = await File.ReadAllBytesAsync(rawFile, cancellationToken);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var clock = Stopwatch.StartNew();
        var packets = 0;
        var ssrc = (uint)Random.Shared.Next();
        for (var offset = 0; offset + 160 <= audio.Length; offset += 160)
        {
            var due = TimeSpan.FromMilliseconds(20 * packets);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(2)) await Task.Delay(wait - TimeSpan.FromMilliseconds(1), cancellationToken);
            while (clock.Elapsed < due) Thread.SpinWait(50);
            var packet = new byte[172];
            packet[0] = 0x80;
            packet[1] = (byte)(payloadType | (packets == 0 ? 0x80 : 0));
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packets);
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), (uint)(packets * 160));
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
            audio.AsSpan(offset, 160).CopyTo(packet.AsSpan(12));
            await socket.SendToAsync(packet, SocketFlags.None, target, cancellationToken);
            packets++;
        }

        return packets;
    }
}
