using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace RecAce.Web.Tests.EndToEnd;

/// <summary>Writes a pcap of many concurrent G.711 calls (SIP over UDP, 20 ms RTP both ways) for load tests.</summary>
internal static class SyntheticCalls
{
    public static long Write(string path, int calls, int packetsPerDirection)
    {
        using var file = new BinaryWriter(File.Create(path));
        file.Write(0xA1B2C3D4u);
        file.Write((ushort)2);
        file.Write((ushort)4);
        file.Write(0L);
        file.Write(65535u);
        file.Write(1u);
        var time = new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);
        long count = 0;
        void Frame(string src, string dst, int sport, int dport, byte[] payload)
        {
            var frame = Udp(src, dst, sport, dport, payload);
            var micros = (time - DateTimeOffset.UnixEpoch).Ticks / 10;
            file.Write((uint)(micros / 1_000_000));
            file.Write((uint)(micros % 1_000_000));
            file.Write((uint)frame.Length);
            file.Write((uint)frame.Length);
            file.Write(frame);
            count++;
        }
        for (var i = 0; i < calls; i++)
        {
            var id = i.ToString(CultureInfo.InvariantCulture);
            Frame("10.1.0.1", "10.2.0.1", 5060, 5060, Sip($"INVITE sip:1001@10.2.0.1 SIP/2.0", id, "", "10.1.0.1", 10000 + i * 2));
            Frame("10.2.0.1", "10.1.0.1", 5060, 5060, Sip("SIP/2.0 200 OK", id, ";tag=b", "10.2.0.1", 30000 + i * 2));
        }
        var rtp = new byte[172];
        rtp[0] = 0x80;
        for (var p = 0; p < packetsPerDirection; p++)
        {
            time += TimeSpan.FromMilliseconds(20);
            BinaryPrimitives.WriteUInt16BigEndian(rtp.AsSpan(2), (ushort)p);
            BinaryPrimitives.WriteUInt32BigEndian(rtp.AsSpan(4), (uint)(p * 160));
            for (var i = 0; i < calls; i++)
            {
                Frame("10.1.0.1", "10.2.0.1", 10000 + i * 2, 30000 + i * 2, rtp);
                Frame("10.2.0.1", "10.1.0.1", 30000 + i * 2, 10000 + i * 2, rtp);
            }
        }
        return count;
    }

    private static byte[] Sip(string startLine, string id, string toTag, string ip, int port)
    {
        var sdp = $"v=0\r\no=- 1 1 IN IP4 {ip}\r\ns=-\r\nc=IN IP4 {ip}\r\nt=0 0\r\nm=audio {port} RTP/AVP 0\r\n";
        return Encoding.ASCII.GetBytes($"{startLine}\r\nVia: SIP/2.0/UDP 10.1.0.1\r\nFrom: <sip:03{id.PadLeft(8, '0')}@10.1.0.1>;tag=a\r\nTo: <sip:1001@10.2.0.1>{toTag}\r\n"
            + $"Call-ID: load-{id}\r\nCSeq: 1 INVITE\r\nContent-Type: application/sdp\r\nContent-Length: {sdp.Length}\r\n\r\n{sdp}");
    }

    private static byte[] Udp(string src, string dst, int sport, int dport, byte[] payload)
    {
        var frame = new byte[14 + 20 + 8 + payload.Length];
        frame[0] = 2;
        frame[6] = 2;
        frame[12] = 0x08;
        var ip = frame.AsSpan(14);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(28 + payload.Length));
        ip[8] = 64;
        ip[9] = 17;
        System.Net.IPAddress.Parse(src).TryWriteBytes(ip[12..], out _);
        System.Net.IPAddress.Parse(dst).TryWriteBytes(ip[16..], out _);
        uint sum = 0;
        for (var i = 0; i < 20; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(ip[i..]);
        while (sum >> 16 != 0) sum = (sum & 0xFFFF) + (sum >> 16);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], (ushort)~sum);
        var udp = ip[20..];
        BinaryPrimitives.WriteUInt16BigEndian(udp, (ushort)sport);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], (ushort)dport);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(8 + payload.Length));
        payload.CopyTo(udp[8..]);
        return frame;
    }
}
