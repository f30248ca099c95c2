using System.Buffers.Binary;

namespace RecAce.Plugin.Capture.Files;

/// <summary>
/// pcapng (draft-ietf-opsawg-pcapng): sections in either byte order, several interfaces with their own
/// link types and timestamp resolutions, enhanced, simple and obsolete packet blocks. Other blocks are skipped.
/// </summary>
internal sealed class PcapNgFileReader : CaptureFileReader
{
    private const uint SectionHeader = 0x0A0D0D0A;
    private const int MaxBlockLength = 16 * 1024 * 1024;
    private readonly List<Interface> _interfaces = [];
    private readonly byte[] _blockHeader = new byte[8];
    private byte[] _body = new byte[65536];
    private bool _bigEndian;
    private bool _ended;
    private bool _firstBlock = true;
    private DateTimeOffset _lastTime = DateTimeOffset.UnixEpoch;

    public PcapNgFileReader(Stream stream, ReadOnlySpan<byte> magic, CaptureCounters counters) : base(stream, counters)
    {
        magic.CopyTo(_blockHeader);
    }

    public override bool TryReadNext(out CapturedFrame frame)
    {
        frame = default;
        // Bounded: a file of nothing but non-packet blocks ends when the file does.
        while (!_ended)
        {
            if (!ReadBlock(out var type, out var body))
            {
                _ended = true;
                return false;
            }
            switch (type)
            {
                case SectionHeader:
                    _interfaces.Clear();
                    break;
                case 1:
                    AddInterface(body);
                    break;
                case 6:
                    if (TryEnhancedPacket(body, out frame)) return true;
                    break;
                case 3:
                    if (TrySimplePacket(body, out frame)) return true;
                    break;
                case 2:
                    if (TryObsoletePacket(body, out frame)) return true;
                    break;
            }
        }
        return false;
    }

    private bool ReadBlock(out uint type, out ReadOnlySpan<byte> body)
    {
        type = 0;
        body = default;
        if (_firstBlock)
        {
            _firstBlock = false;
            // The magic (block type) was read by Open; read the length.
            if (!ReadExactly(_blockHeader.AsSpan(4, 4), atRecordStart: false)) return false;
        }
        else if (!ReadExactly(_blockHeader, atRecordStart: true))
        {
            return false;
        }

        type = BinaryPrimitives.ReadUInt32LittleEndian(_blockHeader);
        if (type == SectionHeader)
        {
            // The byte order of a section is known only from its byte-order magic, which follows the length.
            Span<byte> byteOrder = stackalloc byte[4];
            if (!ReadExactly(byteOrder, atRecordStart: false)) return false;
            var magic = BinaryPrimitives.ReadUInt32LittleEndian(byteOrder);
            if (magic == 0x1A2B3C4D) _bigEndian = false;
            else if (magic == 0x4D3C2B1A) _bigEndian = true;
            else { Counters.Malformed++; return false; }
            var sectionLength = U32(_blockHeader.AsSpan(4));
            if (sectionLength < 28 || sectionLength > MaxBlockLength || sectionLength % 4 != 0) { Counters.AbsurdLength++; return false; }
            Skip((int)sectionLength - 12);
            return true;
        }

        type = U32(_blockHeader);
        var total = U32(_blockHeader.AsSpan(4));
        if (total < 12 || total > MaxBlockLength || total % 4 != 0)
        {
            Counters.AbsurdLength++;
            return false;
        }
        var length = (int)total - 8;
        if (_body.Length < length) _body = new byte[Math.Max(length, _body.Length * 2)];
        if (!ReadExactly(_body.AsSpan(0, length), atRecordStart: false)) return false;
        // The trailing copy of the length must match, or block boundaries are lost.
        if (U32(_body.AsSpan(length - 4)) != total) { Counters.Malformed++; return false; }
        body = _body.AsSpan(0, length - 4);
        return true;
    }

    private void AddInterface(ReadOnlySpan<byte> body)
    {
        if (body.Length < 8) { Counters.Malformed++; _interfaces.Add(new Interface(-1, 1_000_000, 0)); return; }
        var linkType = U16(body);
        ulong unitsPerSecond = 1_000_000;
        long offsetSeconds = 0;
        var options = body[8..];
        for (var i = 0; i < 64 && options.Length >= 4; i++)
        {
            var code = U16(options);
            var length = U16(options[2..]);
            if (code == 0 || 4 + length > options.Length) break;
            var value = options.Slice(4, length);
            if (code == 9 && length >= 1) unitsPerSecond = Resolution(value[0]);
            if (code == 14 && length >= 8) offsetSeconds = (long)U64(value);
            options = options[Math.Min(options.Length, 4 + ((length + 3) & ~3))..];
        }
        _interfaces.Add(new Interface(linkType, unitsPerSecond, offsetSeconds));
    }

    private static ulong Resolution(byte tsresol)
    {
        var exponent = tsresol & 0x7F;
        if ((tsresol & 0x80) != 0) return exponent >= 63 ? 1_000_000 : 1UL << exponent;
        if (exponent > 19) return 1_000_000;
        ulong units = 1;
        for (var i = 0; i < exponent; i++) units *= 10;
        return units;
    }

    private bool TryEnhancedPacket(ReadOnlySpan<byte> body, out CapturedFrame frame)
    {
        frame = default;
        if (body.Length < 20) { Counters.Malformed++; return false; }
        var id = U32(body);
        var timestamp = ((ulong)U32(body[4..]) << 32) | U32(body[8..]);
        var captured = U32(body[12..]);
        if (captured > body.Length - 20) { Counters.Malformed++; return false; }
        if (id >= _interfaces.Count || _interfaces[(int)id].LinkType < 0) { Counters.Malformed++; return false; }
        var nic = _interfaces[(int)id];
        _lastTime = nic.Time(timestamp);
        frame = new CapturedFrame(nic.LinkType, _lastTime, body.Slice(20, (int)captured));
        return true;
    }

    private bool TrySimplePacket(ReadOnlySpan<byte> body, out CapturedFrame frame)
    {
        frame = default;
        if (body.Length < 4 || _interfaces.Count == 0) { Counters.Malformed++; return false; }
        var original = U32(body);
        var captured = (int)Math.Min(original, (uint)(body.Length - 4));
        frame = new CapturedFrame(_interfaces[0].LinkType, _lastTime, body.Slice(4, captured));
        return true;
    }

    private bool TryObsoletePacket(ReadOnlySpan<byte> body, out CapturedFrame frame)
    {
        frame = default;
        if (body.Length < 20) { Counters.Malformed++; return false; }
        var id = U16(body);
        var timestamp = ((ulong)U32(body[4..]) << 32) | U32(body[8..]);
        var captured = U32(body[12..]);
        if (captured > body.Length - 20 || id >= _interfaces.Count) { Counters.Malformed++; return false; }
        var nic = _interfaces[id];
        _lastTime = nic.Time(timestamp);
        frame = new CapturedFrame(nic.LinkType, _lastTime, body.Slice(20, (int)captured));
        return true;
    }

    private ushort U16(ReadOnlySpan<byte> span) =>
        _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(span) : BinaryPrimitives.ReadUInt16LittleEndian(span);

    private uint U32(ReadOnlySpan<byte> span) =>
        _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span);

    private ulong U64(ReadOnlySpan<byte> span) =>
        _bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(span) : BinaryPrimitives.ReadUInt64LittleEndian(span);

    private readonly record struct Interface(int LinkType, ulong UnitsPerSecond, long OffsetSeconds)
    {
        public DateTimeOffset Time(ulong timestamp)
        {
            var seconds = (long)(timestamp / UnitsPerSecond) + OffsetSeconds;
            var remainder = timestamp % UnitsPerSecond;
            var ticks = (long)((double)remainder * TimeSpan.TicksPerSecond / UnitsPerSecond);
            return FromUnix(seconds, ticks);
        }
    }
}
