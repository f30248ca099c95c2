using System.Buffers.Binary;

namespace RecAce.Plugin.Capture.Decode;

/// <summary>The RFC 791 header checksum: the one's-complement sum over the header must be all ones.</summary>
internal static class Ipv4HeaderChecksum
{
    public static bool IsValid(ReadOnlySpan<byte> header)
    {
        uint sum = 0;
        for (var i = 0; i + 1 < header.Length; i += 2)
            sum += BinaryPrimitives.ReadUInt16BigEndian(header[i..]);
        while (sum >> 16 != 0)
            sum = (sum & 0xFFFF) + (sum >> 16);
        return sum == 0xFFFF;
    }

    public static ushort Compute(ReadOnlySpan<byte> headerWithZeroChecksum)
    {
        uint sum = 0;
        for (var i = 0; i + 1 < headerWithZeroChecksum.Length; i += 2)
            sum += BinaryPrimitives.ReadUInt16BigEndian(headerWithZeroChecksum[i..]);
        while (sum >> 16 != 0)
            sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }
}
