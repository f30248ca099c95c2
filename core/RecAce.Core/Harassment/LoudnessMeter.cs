namespace RecAce.Core.Harassment;

/// <summary>
/// Reads interleaved stereo s16le PCM as ffmpeg writes it and keeps, per fixed window, the RMS level
/// (dBFS) of each channel. Written to as a stream, so a long call is never held in memory.
/// </summary>
internal sealed class LoudnessMeter : Stream
{
    private readonly int _windowFrames;
    private readonly List<(double Left, double Right)> _windows = [];
    private readonly byte[] _carry = new byte[4];
    private int _carried;
    private double _sumLeft, _sumRight;
    private int _frames;

    public LoudnessMeter(int sampleRate, int windowMs)
    {
        _windowFrames = Math.Max(1, sampleRate * windowMs / 1000);
    }

    /// <summary>Per window: left (outside party) and right (staff) RMS in dBFS; -120 for digital silence.</summary>
    public IReadOnlyList<(double Left, double Right)> Windows => _windows;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            if (_carried > 0 || buffer.Length < 4)
            {
                var n = Math.Min(4 - _carried, buffer.Length);
                buffer[..n].CopyTo(_carry.AsSpan(_carried));
                _carried += n;
                buffer = buffer[n..];
                if (_carried < 4) return;
                Add(_carry);
                _carried = 0;
                continue;
            }

            var whole = buffer.Length / 4 * 4;
            for (var i = 0; i < whole; i += 4) Add(buffer.Slice(i, 4));
            buffer = buffer[whole..];
        }
    }

    /// <summary>Closes the last, partial window (if it holds at least half a window).</summary>
    public void Complete()
    {
        if (_frames >= _windowFrames / 2) CloseWindow();
        _frames = 0;
    }

    private void Add(ReadOnlySpan<byte> frame)
    {
        double l = (short)(frame[0] | (frame[1] << 8));
        double r = (short)(frame[2] | (frame[3] << 8));
        _sumLeft += l * l;
        _sumRight += r * r;
        if (++_frames == _windowFrames) CloseWindow();
    }

    private void CloseWindow()
    {
        _windows.Add((Dbfs(_sumLeft, _frames), Dbfs(_sumRight, _frames)));
        _sumLeft = _sumRight = 0;
        _frames = 0;
    }

    private static double Dbfs(double sumSquares, int frames)
    {
        var rms = Math.Sqrt(sumSquares / frames) / 32768.0;
        return rms <= 1e-6 ? -120 : 20 * Math.Log10(rms);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
