using System.Buffers.Binary;

namespace RecAce.Plugin.Sip.Rtp;

/// <summary>The fields of an RTP packet (RFC 3550) the recorder uses; the payload is a slice of the datagram.</summary>
internal readonly record struct RtpPacket(int PayloadType, bool Marker, ushort SequenceNumber, uint Timestamp, uint Ssrc, ReadOnlyMemory<byte> Payload)
{
    /// <summary>Reads a packet; false for anything that is not RTP version 2 with a sane header (RTCP included).</summary>
    public static bool TryParse(ReadOnlyMemory<byte> datagram, out RtpPacket packet)
    {
        packet = default;
        var span = datagram.Span;
        if (span.Length < 12 || span[0] >> 6 != 2) return false;
        var payloadType = span[1] & 0x7F;
        // RTCP multiplexed on the RTP port (RFC 5761): packet types 200-204 read as payload types 72-76.
        if (payloadType is >= 72 and <= 76) return false;
        var offset = 12 + (4 * (span[0] & 0x0F));
        if ((span[0] & 0x10) != 0)
        {
            if (span.Length < offset + 4) return false;
            offset += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(span[(offset + 2)..]));
        }

        var end = span.Length;
        if ((span[0] & 0x20) != 0)
        {
            end -= span[^1];
        }

        if (offset > end) return false;
        packet = new RtpPacket(
            payloadType,
            (span[1] & 0x80) != 0,
            BinaryPrimitives.ReadUInt16BigEndian(span[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(span[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(span[8..]),
            datagram[offset..end]);
        return true;
    }
}
