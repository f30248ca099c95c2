using RecAce.Plugins;

namespace RecAce.Core.Pipeline;

/// <summary>
/// One leg's path from packets to PCM: reorder by RTP sequence within a jitter window, drop
/// duplicates and late packets, decode, and fill gaps with silence so the leg's sample position
/// always follows the call's clock. Not thread-safe: the caller serialises access per leg.
/// </summary>
internal sealed class LegPipeline
{
    // Gaps longer than this (by RTP timestamp) are not trusted: a sender restarted its clock.
    // Position is then taken from arrival time instead.
    private const int MaxTimestampGapSeconds = 30;
    private const int DuplicateHistory = 1024;
    private const int MaxBufferedPackets = 500;

    private readonly ILegAudioOutput _output;
    private readonly DateTimeOffset _callStart;
    private readonly int _jitterWindowMs;
    // Only packets that arrived ahead of a gap wait here (a few per cent); a SortedList keeps them
    // in order without the per-access enumerator and node allocations of a SortedDictionary.
    private readonly SortedList<long, BufferedPacket> _buffer = [];
    private readonly bool[] _emittedHistory = new bool[DuplicateHistory];
    private PayloadDecoder? _decoder;
    private short[] _pcm = new short[960];
    private bool _haveStream;
    private uint _ssrc;
    private long _highestSequence = -1;
    private long _nextSequence;
    private uint _nextTimestamp;
    private uint _highestTimestamp;

    public LegPipeline(ILegAudioOutput output, DateTimeOffset callStart, int jitterWindowMs)
    {
        _output = output;
        _callStart = callStart;
        _jitterWindowMs = Math.Max(0, jitterWindowMs);
    }

    public LegCounters Counters { get; } = new();

    /// <summary>Output sample rate; 0 until the first frame fixes it.</summary>
    public int SampleRate => _decoder?.SampleRate ?? 0;

    /// <summary>Arrival time of the newest packet, plus its length: when this leg's audio ends.</summary>
    public DateTimeOffset MediaEnd { get; private set; }

    public void Accept(in AudioFrame frame)
    {
        if (_decoder is null)
        {
            _decoder = new PayloadDecoder(frame.Codec, frame.SampleRate);
        }
        else if (frame.Codec != _decoder.Codec && IsSameRate(frame))
        {
            // A codec change mid-call (re-INVITE from PCMU to PCMA) restarts the stream. A change of
            // sample rate cannot be spooled into the same file and is counted as malformed instead.
            Flush();
            _decoder = new PayloadDecoder(frame.Codec, frame.SampleRate);
            _haveStream = false;
        }

        var count = _decoder.SampleCount(frame.Payload.Span);
        if (count <= 0 || frame.Codec != _decoder.Codec)
        {
            Counters.Malformed++;
            return;
        }

        if (_haveStream && frame.Ssrc != _ssrc)
        {
            Flush();
            _haveStream = false;
        }

        if (!_haveStream)
        {
            StartStream(frame);
        }

        var sequence = Extend(frame.SequenceNumber);
        if (sequence < _nextSequence)
        {
            if (WasEmitted(sequence)) Counters.Duplicate++;
            else Counters.Late++;
            return;
        }

        var end = frame.ArrivalTime + TimeSpan.FromSeconds(count / (double)_decoder.SampleRate);
        if (_buffer.Count == 0 && sequence == _nextSequence)
        {
            // Fast path for the usual case, the expected packet with nothing waiting: the same steps
            // as buffering then draining it, but decoded straight from the caller's payload, so an
            // in-order packet costs no copy and no allocation.
            NoteHighest(sequence, frame.Timestamp);
            if (end > MediaEnd) MediaEnd = end;
            Emit(sequence, frame.Payload.Span, frame.Timestamp, frame.ArrivalTime);
            return;
        }

        if (_buffer.ContainsKey(sequence))
        {
            Counters.Duplicate++;
            return;
        }

        _buffer.Add(sequence, new BufferedPacket(frame.Payload.ToArray(), frame.Timestamp, frame.ArrivalTime));
        NoteHighest(sequence, frame.Timestamp);
        if (end > MediaEnd) MediaEnd = end;
        Drain(frame.ArrivalTime);
    }

    /// <summary>Emits everything buffered, in order, counting the gaps as lost. Call at the end of the call.</summary>
    public void Flush()
    {
        while (_buffer.Count > 0) EmitFirst();
    }

    private void NoteHighest(long sequence, uint timestamp)
    {
        if (sequence > _highestSequence)
        {
            _highestSequence = sequence;
            _highestTimestamp = timestamp;
        }
    }

    private bool IsSameRate(in AudioFrame frame)
    {
        try
        {
            return new PayloadDecoder(frame.Codec, frame.SampleRate).SampleRate == _decoder!.SampleRate;
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or NotSupportedException)
        {
            return false;
        }
    }

    private void StartStream(in AudioFrame frame)
    {
        _haveStream = true;
        _ssrc = frame.Ssrc;
        _highestSequence = frame.SequenceNumber;
        _highestTimestamp = frame.Timestamp;
        _nextSequence = frame.SequenceNumber;
        _nextTimestamp = frame.Timestamp;
        Array.Clear(_emittedHistory);
        AlignToArrival(frame.ArrivalTime);
    }

    /// <summary>Pads the leg with silence up to where the call's clock says this packet belongs.</summary>
    private void AlignToArrival(DateTimeOffset arrival)
    {
        var elapsed = arrival - _callStart;
        if (elapsed <= TimeSpan.Zero) return;
        var position = (long)Math.Round(elapsed.TotalSeconds * _decoder!.SampleRate);
        var missing = position - _output.SamplesWritten;
        if (missing > 0) _output.WriteSilence(missing);
    }

    private int ClockRate => _decoder!.SampleRate / _decoder.SamplesPerTick;

    private long Extend(ushort sequence)
    {
        // The extended sequence nearest the highest seen: handles the 65535 -> 0 wrap both ways.
        var reference = _highestSequence;
        var candidate = (reference & ~0xFFFFL) | sequence;
        if (candidate - reference > 32768) candidate -= 65536;
        else if (reference - candidate > 32768) candidate += 65536;
        return candidate;
    }

    private bool WasEmitted(long sequence) =>
        _nextSequence - sequence <= DuplicateHistory && _emittedHistory[(int)(sequence % DuplicateHistory + DuplicateHistory) % DuplicateHistory];

    private void Drain(DateTimeOffset now)
    {
        while (_buffer.Count > 0)
        {
            if (_buffer.Keys[0] == _nextSequence)
            {
                EmitFirst();
                continue;
            }

            // A gap ahead: wait for the missing packets until the window has passed.
            var first = _buffer.Values[0];
            var waited = now - first.Arrival;
            // Arrival times alone do not serve when an adapter stamps a burst with one time, so the
            // RTP timestamp span of what is buffered ends the wait too.
            var spanMs = unchecked((int)(_highestTimestamp - first.Timestamp)) * 1000.0 / ClockRate;
            if (_buffer.Count > MaxBufferedPackets || waited.TotalMilliseconds >= _jitterWindowMs || spanMs >= _jitterWindowMs)
            {
                EmitFirst();
                continue;
            }

            break;
        }
    }

    private void EmitFirst()
    {
        var sequence = _buffer.Keys[0];
        var packet = _buffer.Values[0];
        _buffer.RemoveAt(0);
        Emit(sequence, packet.Payload, packet.Timestamp, packet.Arrival);
    }

    private void Emit(long sequence, ReadOnlySpan<byte> payload, uint timestamp, DateTimeOffset arrival)
    {
        var decoder = _decoder!;

        Counters.Lost += sequence - _nextSequence;
        for (var s = _nextSequence; s < sequence && sequence - s <= DuplicateHistory; s++) Mark(s, false);

        var gapTicks = unchecked((int)(timestamp - _nextTimestamp));
        if (gapTicks > 0 && gapTicks <= MaxTimestampGapSeconds * ClockRate)
        {
            _output.WriteSilence((long)gapTicks * decoder.SamplesPerTick);
        }
        else if (gapTicks != 0)
        {
            AlignToArrival(arrival);
        }

        var count = decoder.SampleCount(payload);
        if (_pcm.Length < count) _pcm = new short[count];
        decoder.Decode(payload, _pcm.AsSpan(0, count));
        _output.Write(_pcm.AsSpan(0, count));
        Counters.Packets++;

        _nextTimestamp = unchecked(timestamp + (uint)(count / decoder.SamplesPerTick));
        _nextSequence = sequence + 1;
        Mark(sequence, true);
    }

    private void Mark(long sequence, bool emitted) =>
        _emittedHistory[(int)(sequence % DuplicateHistory + DuplicateHistory) % DuplicateHistory] = emitted;

    private readonly record struct BufferedPacket(byte[] Payload, uint Timestamp, DateTimeOffset Arrival);
}
