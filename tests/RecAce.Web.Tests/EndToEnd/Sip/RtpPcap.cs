using System.Buffers.Binary;

namespace RecAce.Web.Tests.EndToEnd.Sip;

/// <summary>
/// Writes a headerless audio file as a pcap of RTP packets, one every 20 ms, for sipp's
/// play_pcap_audio (which replays the UDP payloads at the capture's pace to the answer's media port,
/// for codecs its rtp_stream does not know, such as G.722).
/// </summary>
internal static class RtpPcap
{
    private const int PayloadBytes = 160;

    public static void Write(string rawFile, int payloadType, string pcapFile)
    {
        var audio = File.ReadAllBytes(rawFile);
        using var output = File.Create(pcapFile);
        var header = new byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xA1B2C3D4);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), 1); // Ethernet
        output.Write(header);
        var ssrc = (uint)Random.Shared.Next();
        for (var index = 0; (index + 1) * PayloadBytes <= audio.Length; index++)
        {
            var frame = Frame(audio.AsSpan(index * PayloadBytes, PayloadBytes), payloadType, index, ssrc);
            var record = new byte[16];
            var micros = 20_000L * index;
            BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)(1_700_000_000 + (micros / 1_000_000)));
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(4), (uint)(micros % 1_000_000));
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(8), (uint)frame.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(12), (uint)frame.Length);
            output.Write(record);
            output.Write(frame);
        }
    }

    private static byte[] Frame(ReadOnlySpan<byte> payload, int payloadType, int index, uint ssrc)
    {
        const int ethernet = 14, ip = 20, udp = 8, rtp = 12;
        var frame = new byte[ethernet + ip + udp + rtp + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0800);
        var ipv4 = frame.AsSpan(ethernet);
        ipv4[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ipv4[2..], (ushort)(ip + udp + rtp + payload.Length));
        ipv4[8] = 64;
        ipv4[9] = 17;
        ipv4[12] = 127; ipv4[15] = 1;
        ipv4[16] = 127; ipv4[19] = 1;
        uint sum = 0;
        for (var i = 0; i < ip; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(ipv4[i..]);
        while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
        BinaryPrimitives.WriteUInt16BigEndian(ipv4[10..], (ushort)~sum);
        var datagram = ipv4[ip..];
        BinaryPrimitives.WriteUInt16BigEndian(datagram, 6000);
        BinaryPrimitives.WriteUInt16BigEndian(datagram[2..], 6002);
        BinaryPrimitives.WriteUInt16BigEndian(datagram[4..], (ushort)(udp + rtp + payload.Length));
        var packet = datagram[udp..];
        packet[0] = 0x80;
        packet[1] = (byte)(payloadType | (index == 0 ? 0x80 : 0));
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], (ushort)index);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], (uint)(index * PayloadBytes));
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], ssrc);
        payload.CopyTo(packet[rtp..]);
        return frame;
    }
}
