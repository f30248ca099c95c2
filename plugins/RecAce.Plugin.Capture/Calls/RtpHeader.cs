using System.Buffers.Binary;

namespace RecAce.Plugin.Capture.Calls;

/// <summary>The fixed RTP header (RFC 3550 5.1), with CSRCs, extension and padding removed from the payload.</summary>
internal readonly ref struct RtpHeader
{
    private RtpHeader(int payloadType, bool marker, ushort sequence, uint timestamp, uint ssrc, ReadOnlySpan<byte> payload)
    {
        PayloadType = payloadType;
        Marker = marker;
        Sequence = sequence;
        Timestamp = timestamp;
        Ssrc = ssrc;
        Payload = payload;
    }

    public int PayloadType { get; }

    public bool Marker { get; }

    public ushort Sequence { get; }

    public uint Timestamp { get; }

    public uint Ssrc { get; }

    public ReadOnlySpan<byte> Payload { get; }

    public static bool TryParse(ReadOnlySpan<byte> packet, out RtpHeader header)
    {
        header = default;
        if (packet.Length < 12 || (packet[0] & 0xC0) != 0x80) return false;
        var payloadType = packet[1] & 0x7F;
        // 72-76 are RTCP packet types (RFC 5761): not RTP.
        if (payloadType is >= 72 and <= 76) return false;
        var offset = 12 + (packet[0] & 0x0F) * 4;
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < offset + 4) return false;
            offset += 4 + BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]) * 4;
        }
        var end = packet.Length;
        if ((packet[0] & 0x20) != 0)
        {
            var padding = packet[^1];
            if (padding == 0 || padding > end - offset) return false;
            end -= padding;
        }
        if (offset > end) return false;
        header = new RtpHeader(payloadType, (packet[1] & 0x80) != 0, BinaryPrimitives.ReadUInt16BigEndian(packet[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[4..]), BinaryPrimitives.ReadUInt32BigEndian(packet[8..]), packet[offset..end]);
        return true;
    }
}
