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

    /// <summary>Half a second of 16 kHz PCM, a second of 8 kHz: the flusher hands it to the OS at least once a second anyway.</summary>
    private const int BufferBytes = 16 * 1024;

    private readonly FileStream _file;
    private readonly Lock _gate = new();

    // On the pinned-object heap, not in gen0: a buffer per leg lives as long as the call, and 300
    // legs' 64 KB FileStream buffers made in a burst of call set-ups were ~19 MiB that the gen0 and
    // gen1 collections then copied while every relay thread stood still.
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(BufferBytes, pinned: true);
    private int _buffered;
    private long _samples;
    private bool _disposed;

    public LegSpool(string path)
    {
        Path = path;
        // Append: a recovered spool is continued, never truncated. Unbuffered: the leg's own buffer below stands in.
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0, FileOptions.None);
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
            var bytes = MemoryMarshal.AsBytes(samples);
            if (_buffered + bytes.Length > _buffer.Length) WriteBuffered();
            if (bytes.Length >= _buffer.Length)
            {
                _file.Write(bytes);
            }
            else
            {
                bytes.CopyTo(_buffer.AsSpan(_buffered));
                _buffered += bytes.Length;
            }

            _samples += samples.Length;
        }
    }

    /// <summary>Hands what is buffered to the OS. Under the lock.</summary>
    private void WriteBuffered()
    {
        if (_buffered == 0) return;
        _file.Write(_buffer, 0, _buffered);
        _buffered = 0;
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
            WriteBuffered();
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
            WriteBuffered();
            _file.Flush(true);
            _file.Dispose();
        }
    }
}
