using System.Buffers.Binary;

namespace RecAce.Plugin.Capture.Tests.Packets;

/// <summary>Writes a classic pcap file (microseconds, little endian) for tests.</summary>
internal sealed class PcapWriter : IDisposable
{
    private readonly Stream _stream;

    public PcapWriter(Stream stream, int linkType = 1)
    {
        _stream = stream;
        var header = new byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xA1B2C3D4);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), (uint)linkType);
        _stream.Write(header);
    }

    public void Write(DateTimeOffset time, ReadOnlySpan<byte> frame)
    {
        var header = new byte[16];
        var micros = (time - DateTimeOffset.UnixEpoch).Ticks / 10;
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)(micros / 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)(micros % 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)frame.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), (uint)frame.Length);
        _stream.Write(header);
        _stream.Write(frame);
    }

    public void Dispose() => _stream.Dispose();
}
