using Microsoft.Extensions.Logging;
using RecAce.Plugin.Capture.Calls;
using RecAce.Plugin.Capture.Decode;
using RecAce.Plugin.Capture.Net;
using RecAce.Plugin.Capture.Sip;
using RecAce.Plugins;

namespace RecAce.Plugin.Capture;

/// <summary>
/// The one path every captured frame takes, live or from a file: decode, route UDP to RTP or SIP and
/// TCP to stream reassembly, follow dialogs, write audio. Not thread-safe: one capture loop drives it.
/// </summary>
/// <remarks>
/// Frames are taken synchronously (<see cref="Accept"/>); SIP handling and call opening/closing are
/// async, so they are queued and run by <see cref="RunPendingAsync"/>, which the loop calls whenever
/// <see cref="HasPendingWork"/> is true. RTP for calls already open never waits.
/// </remarks>
internal sealed class CaptureEngine : ITransportSink
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);
    private readonly FrameDecoder _decoder;
    private readonly IpReassembler _ip;
    private readonly TcpStreamReassembler _tcp;
    private readonly RtpLegMatcher _matcher = new();
    private readonly SipDialogTracker _tracker;
    private readonly CaptureOptions _options;
    private readonly List<Work> _pending = [];
    private readonly Action<byte[], FlowKey, DateTimeOffset> _onTcpMessage;
    private DateTimeOffset _now;
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    public CaptureEngine(CaptureOptions options, ICallSink sink, CaptureCounters counters, ILogger logger, string source)
    {
        _options = options;
        Counters = counters;
        _ip = new IpReassembler(counters);
        _tcp = new TcpStreamReassembler(counters);
        _decoder = new FrameDecoder(this, _ip, counters);
        _tracker = new SipDialogTracker(options, sink, _matcher, counters, logger, source);
        _onTcpMessage = (bytes, key, time) => QueueSip(bytes, time);
    }

    public CaptureCounters Counters { get; }

    /// <summary>The capture time of the latest frame.</summary>
    public DateTimeOffset Now => _now;

    public bool HasPendingWork => _pending.Count > 0 || _now >= _nextSweep;

    public int ActiveCalls => _tracker.ActiveCount;

    /// <summary>Takes one captured frame.</summary>
    public void Accept(int linkType, DateTimeOffset time, ReadOnlySpan<byte> frame)
    {
        Counters.Packets++;
        Counters.Bytes += frame.Length;
        if (time > _now) _now = time;
        _decoder.Decode(linkType, frame, time);
    }

    /// <summary>Runs queued SIP handling, call openings and, once a second of capture time, the timeout sweep.</summary>
    public async ValueTask RunPendingAsync(CancellationToken ct)
    {
        // Bounded: work queued while running (none today) waits for the next call.
        var count = _pending.Count;
        for (var i = 0; i < count; i++)
        {
            var work = _pending[i];
            if (work.Message is not null)
                await _tracker.HandleAsync(work.Message, work.Time, ct);
            else if (work.Open is not null)
                await _tracker.OpenAsync(work.Open, work.Time, ct);
        }
        _pending.RemoveRange(0, count);
        if (_now >= _nextSweep)
        {
            if (_nextSweep != DateTimeOffset.MinValue)
            {
                await _tracker.SweepAsync(_now, ct);
                _ip.Expire(_now);
                _tcp.Expire(_now);
            }
            _nextSweep = _now + SweepInterval;
        }
    }

    /// <summary>Lets time pass without packets (live capture on a quiet line), so timeouts still fire.</summary>
    public ValueTask TickAsync(DateTimeOffset now, CancellationToken ct)
    {
        if (now > _now) _now = now;
        return RunPendingAsync(ct);
    }

    /// <summary>Closes every call still open.</summary>
    public async ValueTask FinishAsync(CallEndReason reason, CancellationToken ct)
    {
        await RunPendingAsync(ct);
        await _tracker.FinishAsync(reason, _now, ct);
    }

    /// <summary>Notes capture drops on every call open while they happened.</summary>
    public void NoteDrops()
    {
        var total = Counters.KernelDrops + Counters.InterfaceDrops;
        foreach (var call in _tracker.Calls)
        {
            if (call.Recording is null || total <= call.DropsAtOpen) continue;
            call.Recording.UpdateMetadata(new CallMetadataUpdate
            {
                Extra = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["capture.drops"] = (total - call.DropsAtOpen).ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
            });
        }
    }

    void ITransportSink.OnUdp(MediaEndpoint source, MediaEndpoint destination, ReadOnlySpan<byte> payload, DateTimeOffset time)
    {
        if (payload.IsEmpty) return;
        var first = payload[0];
        if ((first & 0xC0) == 0x80)
        {
            OnRtp(source, destination, payload, time);
            return;
        }
        if (first is >= (byte)'A' and <= (byte)'Z')
        {
            QueueSip(payload, time);
            return;
        }
        // ZRTP (RFC 6189) on a call's media ports: what follows is SRTP with keys we never see.
        if (payload.Length >= 12 && payload[4..8].SequenceEqual("ZRTP"u8) && _matcher.TryMatch(source, destination, out var call, out _))
            call.Encryption ??= "ZRTP/SRTP";
    }

    void ITransportSink.OnTcp(MediaEndpoint source, MediaEndpoint destination, uint sequence, byte flags, ReadOnlySpan<byte> payload, DateTimeOffset time)
    {
        // SIP over WebSocket (RFC 7118): one message per frame, usually one frame per segment.
        if (WebSocketFrame.TryUnwrap(payload, out var message))
        {
            QueueSip(message, time);
            return;
        }
        _tcp.Add(new FlowKey(source, destination), sequence, flags, payload, time, _onTcpMessage);
    }

    private void QueueSip(ReadOnlySpan<byte> payload, DateTimeOffset time)
    {
        var message = SipParser.Parse(payload);
        if (message is null)
        {
            // Uppercase-first UDP that is not SIP (STUN is not, DNS is not): only count what claimed to be SIP.
            if (payload.IndexOf("SIP/2.0"u8) >= 0) Counters.SipMalformed++;
            return;
        }
        _pending.Add(new Work(message, null, time));
    }

    private void OnRtp(MediaEndpoint source, MediaEndpoint destination, ReadOnlySpan<byte> packet, DateTimeOffset time)
    {
        if (!RtpHeader.TryParse(packet, out var rtp)) return;
        if (!_matcher.TryMatch(source, destination, out var call, out var sender))
        {
            if (!_options.RecordOrphanRtp || !IsPlausibleOrphan(rtp))
            {
                Counters.RtpUnmatched++;
                return;
            }
            Counters.OrphanRtp++;
            call = _tracker.AddOrphan(source, destination, time);
            sender = Party.Caller;
        }
        Counters.RtpMatched++;
        call.LastActivity = time;
        var kind = call.Kind(rtp.PayloadType);
        if (call.Encryption is { } encryption && kind.Category == PayloadCategory.Audio)
            kind = new PayloadKind(PayloadCategory.Unsupported, default, 0, $"encrypted media ({encryption})");
        switch (kind.Category)
        {
            case PayloadCategory.Audio:
                var frame = new AudioFrame(kind.Codec, rtp.Payload.ToArray(), rtp.Sequence, rtp.Timestamp, rtp.Ssrc, time, kind.SampleRate);
                if (call.Recording is not null)
                {
                    SipDialogTracker.WriteFrame(call, sender, frame);
                    return;
                }
                // Early media (183) or orphan RTP: hold the frame until the call is open.
                Counters.RtpEarlyBuffered++;
                if (call.EarlyFrames.Count < SipCall.MaxEarlyFrames) call.EarlyFrames.Add((sender, frame));
                if (!call.OpenRequested)
                {
                    call.OpenRequested = true;
                    _pending.Add(new Work(null, call, time));
                }
                return;
            case PayloadCategory.TelephoneEvent:
                if (call.Leg(sender).Dtmf.Accept(rtp.Timestamp, rtp.Payload, time, kind.SampleRate) is { } dtmf && call.Recording is not null)
                {
                    Counters.DtmfEvents++;
                    var leg = SipDialogTracker.EnsureLeg(call, sender);
                    call.Recording.AddDtmf(leg.LegId, dtmf);
                }
                return;
            case PayloadCategory.ComfortNoise:
                Counters.RtpComfortNoise++;
                return;
            default:
                Counters.RtpUnsupportedCodec++;
                var first = !call.Skipped.ContainsKey(kind.Name);
                call.Skipped[kind.Name] = call.Skipped.GetValueOrDefault(kind.Name) + 1;
                if (first && call.Recording is not null)
                {
                    call.Recording.UpdateMetadata(new CallMetadataUpdate
                    {
                        Extra = new Dictionary<string, string>(StringComparer.Ordinal) { ["capture.skippedMedia"] = call.SkippedNote() },
                    });
                }
                return;
        }
    }

    private static bool IsPlausibleOrphan(in RtpHeader rtp) =>
        rtp.PayloadType is 0 or 8 or 9 && rtp.Payload.Length is >= 40 and <= 1500;

    private readonly record struct Work(SipMessage? Message, SipCall? Open, DateTimeOffset Time);
}
