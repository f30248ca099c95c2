namespace RecAce.Plugin.Capture.Files;

/// <summary>
/// Reads pcap or pcapng files, whichever the file is. Damage is counted, never thrown: a truncated
/// last record or an absurd length ends the file (nothing after it can be trusted to be aligned).
/// </summary>
/// <remarks>
/// Our own reader rather than libpcap's: it needs no native library for offline import, it reads
/// faster (one buffered stream, one reused buffer), and it tells truncation from absurd lengths.
/// </remarks>
internal abstract class CaptureFileReader : IDisposable
{
    /// <summary>Larger records are taken as corruption: no link layer carries frames this big.</summary>
    public const int MaxRecordLength = 256 * 1024;

    private readonly Stream _stream;

    protected CaptureFileReader(Stream stream, CaptureCounters counters)
    {
        _stream = stream;
        Counters = counters;
    }

    protected CaptureCounters Counters { get; }

    /// <summary>Opens a file and tells its format from the first four bytes.</summary>
    /// <exception cref="InvalidDataException">Neither pcap nor pcapng.</exception>
    public static CaptureFileReader Open(string path, CaptureCounters counters)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        try
        {
            return Open(stream, counters);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads from a stream, which the reader then owns.</summary>
    /// <exception cref="InvalidDataException">Neither pcap nor pcapng.</exception>
    public static CaptureFileReader Open(Stream stream, CaptureCounters counters)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> magic = stackalloc byte[4];
        if (stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) < 4)
            throw new InvalidDataException("The file is too short to be a capture file.");
        var value = BitConverter.ToUInt32(magic);
        return value switch
        {
            0xA1B2C3D4 or 0xD4C3B2A1 or 0xA1B23C4D or 0x4D3CB2A1 => new PcapFileReader(stream, magic, counters),
            0x0A0D0D0A => new PcapNgFileReader(stream, magic, counters),
            _ => throw new InvalidDataException("The file is neither pcap nor pcapng (unknown magic number)."),
        };
    }

    /// <summary>Reads the next frame; false at the end of the file or where damage ends it.</summary>
    public abstract bool TryReadNext(out CapturedFrame frame);

    public void Dispose()
    {
        _stream.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Reads exactly <paramref name="buffer"/>.Length bytes; false (and counted) when the file ends first.</summary>
    protected bool ReadExactly(Span<byte> buffer, bool atRecordStart)
    {
        var read = _stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read == buffer.Length) return true;
        // A clean end of file is only one that falls between records.
        if (!(atRecordStart && read == 0)) Counters.Truncated++;
        return false;
    }

    protected void Skip(int count)
    {
        if (_stream.CanSeek)
        {
            _stream.Seek(count, SeekOrigin.Current);
            return;
        }
        Span<byte> scratch = stackalloc byte[512];
        while (count > 0)
        {
            var n = _stream.Read(scratch[..Math.Min(count, scratch.Length)]);
            if (n == 0) return;
            count -= n;
        }
    }

    protected static DateTimeOffset FromUnix(long seconds, long ticksWithinSecond)
    {
        // Out-of-range times in damaged files must not throw: clamp to the epoch.
        if (seconds < 0 || seconds > 253_402_300_799L - 1) return DateTimeOffset.UnixEpoch;
        return DateTimeOffset.UnixEpoch.AddTicks(seconds * TimeSpan.TicksPerSecond + Math.Clamp(ticksWithinSecond, 0, TimeSpan.TicksPerSecond - 1));
    }
}
