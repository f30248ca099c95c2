using System.Buffers.Binary;

namespace RecAce.Plugin.Capture.Files;

/// <summary>The classic libpcap format, either byte order, micro- or nanosecond timestamps.</summary>
internal sealed class PcapFileReader : CaptureFileReader
{
    private readonly bool _bigEndian;
    private readonly bool _nanoseconds;
    private readonly int _linkType;
    private readonly byte[] _header = new byte[16];
    private byte[] _buffer = new byte[65536];
    private bool _ended;

    public PcapFileReader(Stream stream, ReadOnlySpan<byte> magic, CaptureCounters counters) : base(stream, counters)
    {
        var value = BinaryPrimitives.ReadUInt32LittleEndian(magic);
        _bigEndian = value is 0xD4C3B2A1 or 0x4D3CB2A1;
        _nanoseconds = value is 0xA1B23C4D or 0x4D3CB2A1;
        Span<byte> rest = stackalloc byte[20];
        if (!ReadExactly(rest, atRecordStart: false))
            throw new InvalidDataException("The pcap file header is truncated.");
        // The upper bits of the link type field carry FCS information (pcap-savefile(5)).
        _linkType = (int)(U32(rest[16..]) & 0x0FFF_FFFF);
    }

    public int LinkType => _linkType;

    public override bool TryReadNext(out CapturedFrame frame)
    {
        frame = default;
        if (_ended || !ReadExactly(_header, atRecordStart: true))
        {
            _ended = true;
            return false;
        }
        var seconds = U32(_header);
        var fraction = U32(_header.AsSpan(4));
        var captured = U32(_header.AsSpan(8));
        if (captured > MaxRecordLength)
        {
            Counters.AbsurdLength++;
            _ended = true;
            return false;
        }
        var length = (int)captured;
        if (_buffer.Length < length) _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
        if (!ReadExactly(_buffer.AsSpan(0, length), atRecordStart: false))
        {
            _ended = true;
            return false;
        }
        var ticks = _nanoseconds ? fraction / 100 : fraction * 10L;
        frame = new CapturedFrame(_linkType, FromUnix(seconds, ticks), _buffer.AsSpan(0, length));
        return true;
    }

    private uint U32(ReadOnlySpan<byte> span) =>
        _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span);
}
