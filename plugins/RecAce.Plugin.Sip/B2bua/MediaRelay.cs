using System.Net;
using System.Net.Sockets;
using RecAce.Plugin.Sip.Rtp;
using RecAce.Plugins;

namespace RecAce.Plugin.Sip.B2bua;

/// <summary>
/// Relays RTP between the caller and the target, each on its own port: the payload is passed
/// through when both sides use one codec and transcoded otherwise; RFC 4733 events are passed on
/// with the other side's payload type. Every packet received is also written to its leg of the
/// recording (through the guard, so a recording failure never stops the relay) by a recording
/// thread of <see cref="RecordingLanes"/>, never by the thread that forwards. Before the sides
/// are bridged, the caller hears the announcement (and later the optional beep).
/// </summary>
internal sealed class MediaRelay : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly RecordingGuard _recording;
    private readonly RecordingLanes.Lane _lane;
    private readonly TimeProvider _time;
    private readonly DatagramPump _fromCaller;
    private readonly DatagramPump _fromCallee;
    private readonly byte[] _toCalleeOutput = new byte[2048];
    private readonly byte[] _toCallerOutput = new byte[2048];
    private readonly int _beepEveryPackets;
    private Transcoder? _toCallee;
    private Transcoder? _toCaller;
    private (AudioCodec, AudioCodec)? _toCalleeCodecs;
    private (AudioCodec, AudioCodec)? _toCallerCodecs;
    private volatile bool _bridged;
    private TelephoneEventDetector? _callerDtmf;
    private TelephoneEventDetector? _calleeDtmf;
    private long _callerPackets;
    private bool _disposed;
    private long _started;

    public MediaRelay(RelaySide caller, RelaySide callee, RecordingGuard recording, TimeProvider time, int beepIntervalSeconds)
    {
        Caller = caller;
        Callee = callee;
        _recording = recording;
        _lane = RecordingLanes.Shared.Assign();
        _time = time;
        // A thread per socket here, not the epoll receive loops the recorded streams use: measured
        // side by side, a loop forwarding for 150 sockets added delay on a busy machine (p50 0.1 →
        // 0.3-0.5 ms; all streams in phase, p99 4-6 → 18-47 ms): the scheduler shares the cores per
        // thread, and the loop is one thread among everything else running.
        _beepEveryPackets = beepIntervalSeconds * 50;
        _fromCaller = new DatagramPump(caller.Socket, $"relay-{caller.Port}", (datagram, source) => Receive(datagram, source, Caller, Callee, toCallee: true, _toCalleeOutput));
        _fromCallee = new DatagramPump(callee.Socket, $"relay-{callee.Port}", (datagram, source) => Receive(datagram, source, Callee, Caller, toCallee: false, _toCallerOutput));
    }

    public RelaySide Caller { get; }

    public RelaySide Callee { get; }

    /// <summary>Whether audio now flows between the sides (announcement over, target answered).</summary>
    public bool Bridged
    {
        get => _bridged;
        set => _bridged = value;
    }

    /// <summary>The ports, to check after the call that they are free again.</summary>
    public IReadOnlyList<int> Ports => [Caller.Port, Callee.Port];

    /// <summary>Time since either side last sent RTP (or since the relay started).</summary>
    public TimeSpan Silence => _time.GetElapsedTime(Math.Max(Math.Max(Interlocked.Read(ref Caller.LastPacket), Interlocked.Read(ref Callee.LastPacket)), _started));

    /// <summary>Whether a side has put the call on hold, when silence is expected.</summary>
    public bool OnHold => Caller.OnHold || Callee.OnHold;

    public void Start()
    {
        _started = _time.GetTimestamp();
        _fromCaller.Start();
        _fromCallee.Start();
    }

    /// <summary>Plays the announcement to the caller at 20 ms a packet; returns when it is over or the call ended.</summary>
    public async Task PlayAsync(Announcement announcement, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        var pcm = new short[640];
        var payload = new byte[640];
        var started = _time.GetTimestamp();
        var codec = new VoiceCodec(Caller.Format!.Codec);
        try
        {
            for (var i = 0; i < announcement.Packets; i++)
            {
                // Scheduled from the start, not packet to packet, so timer jitter does not add up.
                var due = TimeSpan.FromMilliseconds(i * 20) - _time.GetElapsedTime(started);
                if (due > TimeSpan.Zero) await Task.Delay(due, _time, linked.Token);
                var samples = announcement.Samples(i, codec.Codec, pcm);
                var n = codec.Encode(samples, payload);
                Caller.Writer.Send(-1, Caller.Format!.PayloadType, (uint)(i * Announcement.TicksPerPacket), Announcement.TicksPerPacket, i == 0, payload.AsSpan(0, n));
            }
        }
        catch (OperationCanceledException)
        {
            // The caller hung up during the announcement.
        }
    }

    /// <summary>One packet from one side, on the thread that reads that side's socket: forwarded at once, then queued for the recording.</summary>
    private void Receive(ReadOnlyMemory<byte> datagram, SocketAddress source, RelaySide from, RelaySide to, bool toCallee, byte[] output)
    {
        if (!RtpSource.IsAllowed(source, from.Sources) || from.Format is not { } format || !RtpPacket.TryParse(datagram, out var packet))
        {
            Interlocked.Increment(ref from.Ignored);
            return;
        }

        Interlocked.Increment(ref from.Received);
        Interlocked.Exchange(ref from.LastPacket, _time.GetTimestamp());
        if (packet.PayloadType == format.TelephoneEvent)
        {
            RelayEvent(from, to, toCallee, packet);
            return;
        }

        if (packet.PayloadType != format.PayloadType)
        {
            Interlocked.Increment(ref from.Ignored);
            return;
        }

        // Forwarded first, then queued for a recording thread: the recording's locks, spool writes
        // and allocations must not delay the next packet's forward.
        if (_bridged && to.Format is { } target) Forward(packet, format, target, to, toCallee, output);
        if (!_recording.Writing) return;
        if (!_lane.TryQueue(_recording, from.LegId, format.Codec, packet.Payload.Span, packet.SequenceNumber, packet.Timestamp, packet.Ssrc, _time.GetUtcNow(), format.Codec == AudioCodec.G722 ? 16000 : 8000))
            _recording.Dropped();
    }

    private void Forward(in RtpPacket packet, SideFormat format, SideFormat target, RelaySide to, bool toCallee, byte[] output)
    {
        // 20 ms is 160 ticks and 160 bytes for G.711 and G.722 alike (G.722's RTP clock is 8 kHz).
        var ticks = (uint)packet.Payload.Length;
        ReadOnlySpan<byte> payload = packet.Payload.Span;
        if (target.Codec != format.Codec)
        {
            var n = Transcode(toCallee, format.Codec, target.Codec, payload, output);
            payload = output.AsSpan(0, n);
        }

        if (!toCallee && _beepEveryPackets > 0) payload = Beep(payload, target.Codec, output);
        to.Writer.Send(packet.Ssrc, target.PayloadType, packet.Timestamp, ticks, packet.Marker, payload);
    }

    private int Transcode(bool toCallee, AudioCodec from, AudioCodec to, ReadOnlySpan<byte> payload, Span<byte> output)
    {
        // Made again when a re-INVITE changes either side's codec.
        if (toCallee)
        {
            if (_toCalleeCodecs != (from, to)) (_toCallee, _toCalleeCodecs) = (new Transcoder(from, to), (from, to));
            return _toCallee!.Convert(payload, output);
        }

        if (_toCallerCodecs != (from, to)) (_toCaller, _toCallerCodecs) = (new Transcoder(from, to), (from, to));
        return _toCaller!.Convert(payload, output);
    }

    /// <summary>Every N seconds, 200 ms of tone replaces what the caller hears.</summary>
    private ReadOnlySpan<byte> Beep(ReadOnlySpan<byte> payload, AudioCodec codec, byte[] output)
    {
        var index = (int)(_callerPackets++ % _beepEveryPackets);
        if (index >= RecordingBeep.Packets || _callerPackets < _beepEveryPackets) return payload;
        var samples = RecordingBeep.Samples(index, codec, stackalloc short[320]);
        var encoder = new VoiceCodec(codec);
        var n = encoder.Encode(samples, output);
        return output.AsSpan(0, n);
    }

    private void RelayEvent(RelaySide from, RelaySide to, bool toCallee, RtpPacket packet)
    {
        var detector = toCallee ? (_callerDtmf ??= new TelephoneEventDetector(8000)) : (_calleeDtmf ??= new TelephoneEventDetector(8000));
        if (detector.Accept(packet, _time.GetUtcNow()) is { } dtmf) _recording.AddDtmf(from.LegId, dtmf);
        if (_bridged && to.Format?.TelephoneEvent is { } pt)
            to.Writer.Send(packet.Ssrc, pt, packet.Timestamp, 0, packet.Marker, packet.Payload.Span);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await _stop.CancelAsync();
        await Task.WhenAll(_fromCaller.StopAsync(), _fromCallee.StopAsync());
        // Every packet that arrived before the end is written before the recording is closed.
        await _lane.DrainAsync();

        _stop.Dispose();
    }
}
