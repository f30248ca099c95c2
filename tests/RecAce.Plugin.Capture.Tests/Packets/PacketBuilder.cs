using System.Buffers.Binary;
using System.Net;
using RecAce.Plugin.Capture.Decode;

namespace RecAce.Plugin.Capture.Tests.Packets;

/// <summary>Builds frames layer by layer for decoder and tracker tests: IPv4/IPv6, UDP, TCP, VLAN, GRE, fragments.</summary>
internal static class PacketBuilder
{
    private static ushort _ipId = 1;

    public static byte[] Udp(ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> payload)
    {
        var udp = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(udp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(4), (ushort)udp.Length);
        payload.CopyTo(udp.AsSpan(8));
        return udp;
    }

    public static byte[] Tcp(ushort sourcePort, ushort destinationPort, uint sequence, byte flags, ReadOnlySpan<byte> payload)
    {
        var tcp = new byte[20 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(tcp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(tcp.AsSpan(4), sequence);
        tcp[12] = 5 << 4;
        tcp[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(14), 65535);
        payload.CopyTo(tcp.AsSpan(20));
        return tcp;
    }

    public static byte[] Ipv4(string source, string destination, byte protocol, ReadOnlySpan<byte> payload, ushort? id = null, int fragmentOffset = 0, bool moreFragments = false)
    {
        var ip = new byte[20 + payload.Length];
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(2), (ushort)ip.Length);
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(4), id ?? _ipId++);
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(6), (ushort)((moreFragments ? 0x2000 : 0) | (fragmentOffset / 8)));
        ip[8] = 64;
        ip[9] = protocol;
        IPAddress.Parse(source).TryWriteBytes(ip.AsSpan(12), out _);
        IPAddress.Parse(destination).TryWriteBytes(ip.AsSpan(16), out _);
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(10), Ipv4HeaderChecksum.Compute(ip.AsSpan(0, 20)));
        payload.CopyTo(ip.AsSpan(20));
        return ip;
    }

    /// <summary>Splits an upper-layer payload into IPv4 fragments of at most <paramref name="size"/> bytes (a multiple of 8).</summary>
    public static List<byte[]> Ipv4Fragments(string source, string destination, byte protocol, byte[] payload, int size)
    {
        var id = _ipId++;
        var result = new List<byte[]>();
        for (var offset = 0; offset < payload.Length; offset += size)
        {
            var count = Math.Min(size, payload.Length - offset);
            result.Add(Ipv4(source, destination, protocol, payload.AsSpan(offset, count), id, offset, offset + count < payload.Length));
        }
        return result;
    }

    public static byte[] Ipv6(string source, string destination, byte nextHeader, ReadOnlySpan<byte> payload)
    {
        var ip = new byte[40 + payload.Length];
        ip[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(4), (ushort)payload.Length);
        ip[6] = nextHeader;
        ip[7] = 64;
        IPAddress.Parse(source).TryWriteBytes(ip.AsSpan(8), out _);
        IPAddress.Parse(destination).TryWriteBytes(ip.AsSpan(24), out _);
        payload.CopyTo(ip.AsSpan(40));
        return ip;
    }

    /// <summary>IPv6 fragments (RFC 8200 fragment header) of an upper-layer payload.</summary>
    public static List<byte[]> Ipv6Fragments(string source, string destination, byte nextHeader, byte[] payload, int size)
    {
        var id = (uint)_ipId++;
        var result = new List<byte[]>();
        for (var offset = 0; offset < payload.Length; offset += size)
        {
            var count = Math.Min(size, payload.Length - offset);
            var fragment = new byte[8 + count];
            fragment[0] = nextHeader;
            BinaryPrimitives.WriteUInt16BigEndian(fragment.AsSpan(2), (ushort)(offset | (offset + count < payload.Length ? 1 : 0)));
            BinaryPrimitives.WriteUInt32BigEndian(fragment.AsSpan(4), id);
            payload.AsSpan(offset, count).CopyTo(fragment.AsSpan(8));
            result.Add(Ipv6(source, destination, 44, fragment));
        }
        return result;
    }

    /// <summary>An Ethernet frame, with any number of 802.1Q tags.</summary>
    public static byte[] Ethernet(ReadOnlySpan<byte> ipPacket, params ushort[] vlans)
    {
        var etherType = (ushort)((ipPacket[0] >> 4) == 6 ? 0x86DD : 0x0800);
        return Ethernet(etherType, ipPacket, vlans);
    }

    public static byte[] Ethernet(ushort etherType, ReadOnlySpan<byte> payload, params ushort[] vlans)
    {
        var frame = new byte[14 + vlans.Length * 4 + payload.Length];
        frame[0] = 0x02;
        frame[6] = 0x02;
        frame[11] = 1;
        var offset = 12;
        foreach (var vlan in vlans)
        {
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(offset), 0x8100);
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(offset + 2), vlan);
            offset += 4;
        }
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(offset), etherType);
        payload.CopyTo(frame.AsSpan(offset + 2));
        return frame;
    }

    /// <summary>A GRE header (optionally with a sequence number) before <paramref name="payload"/>.</summary>
    public static byte[] Gre(ushort protocol, ReadOnlySpan<byte> payload, bool withSequence = false)
    {
        var header = withSequence ? 8 : 4;
        var gre = new byte[header + payload.Length];
        if (withSequence) BinaryPrimitives.WriteUInt16BigEndian(gre, 0x1000);
        BinaryPrimitives.WriteUInt16BigEndian(gre.AsSpan(2), protocol);
        payload.CopyTo(gre.AsSpan(header));
        return gre;
    }

    public static byte[] Rtp(byte payloadType, ushort sequence, uint timestamp, uint ssrc, ReadOnlySpan<byte> payload, bool marker = false)
    {
        var rtp = new byte[12 + payload.Length];
        rtp[0] = 0x80;
        rtp[1] = (byte)(payloadType | (marker ? 0x80 : 0));
        BinaryPrimitives.WriteUInt16BigEndian(rtp.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(rtp.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(rtp.AsSpan(8), ssrc);
        payload.CopyTo(rtp.AsSpan(12));
        return rtp;
    }
}
