using RecAce.Plugin.Capture.Net;
using RecAce.Plugin.Capture.Sip;

namespace RecAce.Plugin.Capture.Decode;

/// <summary>
/// Orders the segments of each TCP direction that carries SIP and cuts the byte stream into messages
/// (<see cref="SipFraming"/>). Retransmissions are trimmed, out-of-order segments held back (a few),
/// and a gap that never fills is skipped so one lost segment cannot stall a trunk for good.
/// </summary>
internal sealed class TcpStreamReassembler
{
    public const int MaxStreams = 10_000;
    public const int MaxHeldSegments = 64;
    private const int RebaseWindow = 4;
    public const int MaxBuffered = 256 * 1024;
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(10);

    private readonly Dictionary<FlowKey, Stream> _streams = [];
    private readonly CaptureCounters _counters;

    public TcpStreamReassembler(CaptureCounters counters) => _counters = counters;

    public int StreamCount => _streams.Count;

    /// <summary>Adds a segment; <paramref name="onMessage"/> receives each whole SIP message, in order.</summary>
    public void Add(FlowKey key, uint sequence, byte flags, ReadOnlySpan<byte> payload, DateTimeOffset time, Action<byte[], FlowKey, DateTimeOffset> onMessage)
    {
        const byte Fin = 0x01, Syn = 0x02, Rst = 0x04;
        if ((flags & Rst) != 0)
        {
            _streams.Remove(key);
            return;
        }
        if (!_streams.TryGetValue(key, out var stream))
        {
            if ((flags & Syn) != 0)
            {
                // The first data byte follows the SYN's sequence number.
                AddStream(key, new Stream(sequence + 1, time));
                return;
            }
            // A stream seen mid-way starts at its first data segment; an earlier one may still re-base it.
            if (payload.IsEmpty) return;
            stream = new Stream(sequence, time) { MidStream = true };
            AddStream(key, stream);
        }
        stream.LastSeen = time;
        if (!payload.IsEmpty)
        {
            stream.Segments++;
            var delta = unchecked((int)(sequence - stream.NextSequence));
            if (delta < 0 && CanRebase(stream, sequence, payload))
            {
                // The stream was picked up at a later segment than its first: start again from this one.
                if (stream.Length > 0) stream.Held[stream.StartSequence] = stream.Buffer.AsSpan(0, stream.Length).ToArray();
                stream.Length = 0;
                stream.NextSequence = sequence;
                stream.StartSequence = sequence;
                delta = 0;
            }
            if (delta < 0)
            {
                // Retransmission: keep only what is new.
                if (-delta >= payload.Length) return;
                payload = payload[(-delta)..];
                sequence = stream.NextSequence;
                delta = 0;
            }
            if (delta > 0)
            {
                _counters.TcpOutOfOrder++;
                if (stream.Held.Count < MaxHeldSegments) stream.Held[sequence] = payload.ToArray();
                if (stream.Held.Count >= MaxHeldSegments) SkipGap(stream);
            }
            else
            {
                Append(stream, payload);
                Drain(stream);
            }
            Emit(key, stream, time, onMessage);
        }
        if ((flags & Fin) != 0) _streams.Remove(key);
    }

    private static bool CanRebase(Stream stream, uint sequence, ReadOnlySpan<byte> payload) =>
        stream.MidStream && !stream.Emitted && payload[0] is >= (byte)'A' and <= (byte)'Z'
        && unchecked((int)(stream.StartSequence - sequence)) is > 0 and < MaxBuffered;

    public void Expire(DateTimeOffset now)
    {
        foreach (var (key, stream) in _streams.ToList())
        {
            if (now - stream.LastSeen > IdleTimeout) _streams.Remove(key);
        }
    }

    private void AddStream(FlowKey key, Stream stream)
    {
        if (_streams.Count >= MaxStreams)
        {
            var oldest = _streams.MinBy(s => s.Value.LastSeen).Key;
            _streams.Remove(oldest);
        }
        _streams[key] = stream;
    }

    private void SkipGap(Stream stream)
    {
        // The missing bytes are not coming: drop the partial message and carry on from what we hold.
        _counters.TcpGaps++;
        stream.Length = 0;
        stream.NextSequence = stream.Held.Keys.MinBy(k => unchecked((int)(k - stream.NextSequence)));
        Drain(stream);
    }

    private static void Drain(Stream stream)
    {
        for (var guard = 0; guard < MaxHeldSegments * 2 && stream.Held.Count > 0; guard++)
        {
            var progressed = false;
            foreach (var (sequence, bytes) in stream.Held.ToList())
            {
                var delta = unchecked((int)(sequence - stream.NextSequence));
                if (delta > 0) continue;
                stream.Held.Remove(sequence);
                if (-delta < bytes.Length) Append(stream, bytes.AsSpan(-delta));
                progressed = true;
            }
            if (!progressed) return;
        }
    }

    private static void Append(Stream stream, ReadOnlySpan<byte> data)
    {
        stream.NextSequence = unchecked(stream.NextSequence + (uint)data.Length);
        if (stream.Length + data.Length > MaxBuffered)
        {
            stream.Length = 0;
            return;
        }
        if (stream.Buffer.Length < stream.Length + data.Length)
            Array.Resize(ref stream.Buffer, Math.Max(stream.Length + data.Length, stream.Buffer.Length * 2));
        data.CopyTo(stream.Buffer.AsSpan(stream.Length));
        stream.Length += data.Length;
    }

    private static void Emit(FlowKey key, Stream stream, DateTimeOffset time, Action<byte[], FlowKey, DateTimeOffset> onMessage)
    {
        // A stream picked up mid-way may get its true first segment a moment later (reordering):
        // keep what does not start a message for a few segments rather than skip it.
        if (stream.MidStream && !stream.Emitted && stream.Segments <= RebaseWindow
            && stream.Length > 0 && stream.Buffer[0] is < (byte)'A' or > (byte)'Z')
            return;
        var offset = 0;
        for (var guard = 0; guard < 1000 && offset < stream.Length; guard++)
        {
            var length = SipFraming.TryFrame(stream.Buffer.AsSpan(offset, stream.Length - offset), out var skip);
            if (length == 0)
            {
                offset += skip;
                break;
            }
            if (length < 0)
            {
                offset += skip;
                continue;
            }
            stream.Emitted = true;
            onMessage(stream.Buffer.AsSpan(offset + skip, length).ToArray(), key, time);
            offset += skip + length;
        }
        if (offset > 0)
        {
            stream.Buffer.AsSpan(offset, stream.Length - offset).CopyTo(stream.Buffer);
            stream.Length -= offset;
        }
    }

    private sealed class Stream(uint next, DateTimeOffset time)
    {
        public byte[] Buffer = new byte[4096];
        public int Length;
        public uint NextSequence = next;
        public uint StartSequence = next;
        public bool MidStream;
        public bool Emitted;
        public int Segments;
        public DateTimeOffset LastSeen = time;
        public SortedDictionary<uint, byte[]> Held { get; } = [];
    }
}
