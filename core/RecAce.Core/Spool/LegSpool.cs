using System.Runtime.InteropServices;
using RecAce.Core.Pipeline;

namespace RecAce.Core.Spool;

/// <summary>
/// A leg's PCM (16-bit little-endian mono) appended to a file in the call's spool folder. Buffered
/// in memory between flushes; <see cref="Flush"/> is called by the spool flusher at least once a
/// second, so a killed process loses at most that much. Thread-safe.
/// </summary>
internal sealed class LegSpool : ILegAudioOutput, IDisposable
{
    private static readonly short[] Silence = new short[4000];
    private readonly FileStream _file;
    private readonly Lock _gate = new();
    private long _samples;
    private bool _disposed;

    public LegSpool(string path)
    {
        Path = path;
        // Append: a recovered spool is continued, never truncated.
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 64 * 1024, FileOptions.None);
        _samples = _file.Length / 2;
    }

    public string Path { get; }

    public long SamplesWritten
    {
        get { lock (_gate) return _samples; }
    }

    public void Write(ReadOnlySpan<short> samples)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("The spool format is little-endian PCM.");
            _file.Write(MemoryMarshal.AsBytes(samples));
            _samples += samples.Length;
        }
    }

    public void WriteSilence(long sampleCount)
    {
        while (sampleCount > 0)
        {
            var n = (int)Math.Min(sampleCount, Silence.Length);
            Write(Silence.AsSpan(0, n));
            sampleCount -= n;
        }
    }

    /// <param name="toDisk">Also force the data to the device (fsync), for power loss rather than a process crash.</param>
    public void Flush(bool toDisk)
    {
        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        lock (_gate)
        {
            if (_disposed) return;
            _file.Flush(flushToDisk: false);
            handle = _file.SafeFileHandle;
        }

        if (!toDisk) return;
        try
        {
            // Outside the lock: an fsync can take milliseconds on a busy disk, and the receive
            // loop writing this leg must not wait for it.
            RandomAccess.FlushToDisk(handle);
        }
        catch (ObjectDisposedException)
        {
            // Closed meanwhile; Dispose has forced the data to the disk itself.
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _file.Flush(true);
            _file.Dispose();
        }
    }
}
