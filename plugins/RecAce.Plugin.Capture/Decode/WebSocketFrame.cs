using System.Buffers.Binary;

namespace RecAce.Plugin.Capture.Decode;

/// <summary>Unwraps one RFC 6455 text or binary frame whose content is SIP (RFC 7118), unmasking it if needed.</summary>
internal static class WebSocketFrame
{
    public static bool TryUnwrap(ReadOnlySpan<byte> segment, out byte[] content)
    {
        content = [];
        // FIN set, opcode text (1) or binary (2), no extension bits.
        if (segment.Length < 6 || segment[0] is not (0x81 or 0x82)) return false;
        var masked = (segment[1] & 0x80) != 0;
        long length = segment[1] & 0x7F;
        var offset = 2;
        if (length == 126)
        {
            length = BinaryPrimitives.ReadUInt16BigEndian(segment[2..]);
            offset = 4;
        }
        else if (length == 127)
        {
            if (segment.Length < 10) return false;
            length = (long)BinaryPrimitives.ReadUInt64BigEndian(segment[2..]);
            offset = 10;
        }
        var maskOffset = offset;
        if (masked) offset += 4;
        if (length < 12 || offset + length != segment.Length) return false;
        content = segment.Slice(offset, (int)length).ToArray();
        if (masked)
        {
            var mask = segment.Slice(maskOffset, 4);
            for (var i = 0; i < content.Length; i++) content[i] ^= mask[i & 3];
        }
        return content[0] is >= (byte)'A' and <= (byte)'Z';
    }
}
