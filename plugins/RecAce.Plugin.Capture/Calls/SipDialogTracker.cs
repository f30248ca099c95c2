using Microsoft.Extensions.Logging;
using RecAce.Plugin.Capture.Net;
using RecAce.Plugin.Capture.Sip;
using RecAce.Plugins;

namespace RecAce.Plugin.Capture.Calls;

/// <summary>
/// Follows SIP dialogs seen in both directions: INVITE creates a call; SDP in requests and responses
/// (offer/answer, late offer in ACK, re-INVITE, UPDATE, hold) moves each party's media endpoint; a 2xx
/// connects it; BYE, a final failure, or silence in capture time ends it. Hands calls to the core.
/// </summary>
internal sealed class SipDialogTracker
{
    private static readonly TimeSpan ChallengeWait = TimeSpan.FromSeconds(32);
    private static readonly TimeSpan EndedMemory = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, SipCall> _calls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _ended = new(StringComparer.Ordinal);
    private readonly CaptureOptions _options;
    private readonly ICallSink _sink;
    private readonly RtpLegMatcher _matcher;
    private readonly CaptureCounters _counters;
    private readonly ILogger _logger;
    private readonly string _source;

    public SipDialogTracker(CaptureOptions options, ICallSink sink, RtpLegMatcher matcher, CaptureCounters counters, ILogger logger, string source)
    {
        _options = options;
        _sink = sink;
        _matcher = matcher;
        _counters = counters;
        _logger = logger;
        _source = source;
    }

    public int ActiveCount => _calls.Count;

    public IEnumerable<SipCall> Calls => _calls.Values;

    public async ValueTask HandleAsync(SipMessage message, DateTimeOffset time, CancellationToken ct)
    {
        _counters.SipMessages++;
        if (message.IsRequest && message.Method == "INVITE")
        {
            await InviteAsync(message, time, ct);
            return;
        }
        if (!_calls.TryGetValue(message.CallId, out var call)) return;
        call.LastActivity = time;
        if (message.IsRequest)
        {
            switch (message.Method)
            {
                case "BYE":
                    await CloseAsync(call, CallEndReason.Normal, time, ct);
                    return;
                case "ACK" or "UPDATE" or "PRACK":
                    ApplySdp(call, call.RequestSender(message), message);
                    return;
            }
            return;
        }

        ApplySdp(call, call.ResponseSender(message), message);
        if (message.CSeqMethod != "INVITE" || call.Phase == CallPhase.Connected) return;
        if (message.StatusCode is >= 200 and < 300)
        {
            call.Phase = CallPhase.Connected;
            if (call.Recording is null) await OpenAsync(call, time, ct);
        }
        else if (message.StatusCode is 401 or 407)
        {
            call.Phase = CallPhase.Challenged;
            call.ChallengedAt = time;
        }
        else if (message.StatusCode >= 300)
        {
            await FailAsync(call, $"{message.StatusCode}", time, ct);
        }
    }

    /// <summary>Ends calls that went quiet or were never answered, judged by capture time.</summary>
    public async ValueTask SweepAsync(DateTimeOffset now, CancellationToken ct)
    {
        foreach (var call in _calls.Values.ToList())
        {
            switch (call.Phase)
            {
                case CallPhase.Connected when now - call.LastActivity > _options.RtpTimeout:
                    _counters.CallsTimedOut++;
                    await CloseAsync(call, CallEndReason.MediaTimeout, now, ct);
                    break;
                case CallPhase.Inviting when call.Recording is not null && now - call.LastActivity > _options.RtpTimeout:
                case CallPhase.Inviting when now - call.InviteAt > _options.RingTimeout:
                    await FailAsync(call, "no answer", now, ct);
                    break;
                case CallPhase.Challenged when now - call.ChallengedAt > ChallengeWait:
                    await FailAsync(call, "authentication not completed", now, ct);
                    break;
            }
        }
        foreach (var (callId, at) in _ended.ToList())
        {
            if (now - at > EndedMemory) _ended.Remove(callId);
        }
    }

    /// <summary>Closes every call: at the end of a file or when capture stops.</summary>
    public async ValueTask FinishAsync(CallEndReason reason, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var call in _calls.Values.ToList())
        {
            if (call.Phase == CallPhase.Connected || call.Recording is not null)
                await CloseAsync(call, reason, now, ct);
            else
                await FailAsync(call, "no answer in the capture", now, ct);
        }
    }

    /// <summary>Starts the recording of a call (on its answer, on early media, or for orphan RTP).</summary>
    public async ValueTask OpenAsync(SipCall call, DateTimeOffset time, CancellationToken ct)
    {
        if (call.Recording is not null || call.Phase == CallPhase.Ended) return;
        var (direction, callerRole) = StaffRule.Decide(call.Caller.User, call.Callee.User, _options.MaxExtensionDigits);
        call.Leg(Party.Caller).Role = callerRole;
        call.Leg(Party.Callee).Role = callerRole == LegRole.Staff ? LegRole.Outside : LegRole.Staff;
        var staff = callerRole == LegRole.Staff ? call.Caller : call.Callee;
        var outside = callerRole == LegRole.Staff ? call.Callee : call.Caller;
        var info = new CallInfo
        {
            Direction = direction,
            OutsideNumber = outside.User,
            OutsideName = outside.DisplayName,
            StaffExtension = staff.User,
            StaffName = staff.DisplayName,
            AdapterCallId = call.CallId,
            StartedAt = call.Phase == CallPhase.Connected || call.IsOrphan ? time : call.InviteAt,
            Extra = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["capture.source"] = _source,
                ["sip.callId"] = call.CallId,
            },
        };
        call.Recording = await _sink.OpenCallAsync(info, ct);
        call.DropsAtOpen = _counters.KernelDrops + _counters.InterfaceDrops;
        _counters.CallsOpened++;
        foreach (var (sender, frame) in call.EarlyFrames)
            WriteFrame(call, sender, frame);
        call.EarlyFrames.Clear();
    }

    /// <summary>Writes one audio frame of a party, adding its leg on first use.</summary>
    public static void WriteFrame(SipCall call, Party sender, in AudioFrame frame)
    {
        var leg = EnsureLeg(call, sender);
        leg.Frames++;
        call.Recording!.Write(leg.LegId, frame);
    }

    public static CallLeg EnsureLeg(SipCall call, Party party)
    {
        var leg = call.Leg(party);
        if (!leg.Added)
        {
            call.Recording!.AddLeg(new LegInfo(leg.LegId, leg.Role, leg.Label));
            leg.Added = true;
        }
        return leg;
    }

    /// <summary>Tracks an RTP-only call (no SIP seen): both directions between two endpoints.</summary>
    public SipCall AddOrphan(MediaEndpoint source, MediaEndpoint destination, DateTimeOffset time)
    {
        var id = $"rtp-{source}-{destination}-{time.ToUnixTimeMilliseconds()}";
        var pseudo = new SipMessage { CallId = id, IsRequest = true, Method = "INVITE", From = new SipNameAddress(null, source.ToString(), null), To = new SipNameAddress(null, destination.ToString(), null) };
        var call = new SipCall(id, pseudo, time) { IsOrphan = true, Phase = CallPhase.Connected };
        _calls[id] = call;
        _matcher.Register(call, Party.Callee, destination);
        _matcher.Register(call, Party.Caller, source);
        return call;
    }

    private async ValueTask InviteAsync(SipMessage invite, DateTimeOffset time, CancellationToken ct)
    {
        if (_calls.TryGetValue(invite.CallId, out var call))
        {
            call.LastActivity = time;
            if (invite.To.Tag is null && call.Phase == CallPhase.Challenged)
            {
                // The INVITE again, with credentials: the same call goes on.
                call.Phase = CallPhase.Inviting;
            }
            ApplySdp(call, invite.To.Tag is null ? Party.Caller : call.RequestSender(invite), invite);
            return;
        }
        if (_ended.ContainsKey(invite.CallId)) return;
        call = new SipCall(invite.CallId, invite, time);
        _calls[invite.CallId] = call;
        if (invite.To.Tag is not null)
        {
            // A re-INVITE of a dialog that began before the capture: record it from here on.
            call.Phase = CallPhase.Connected;
            ApplySdp(call, Party.Caller, invite);
            await OpenAsync(call, time, ct);
            return;
        }
        ApplySdp(call, Party.Caller, invite);
    }

    private void ApplySdp(SipCall call, Party owner, SipMessage message)
    {
        if (!message.HasSdp || call.Phase == CallPhase.Ended) return;
        foreach (var media in SdpParser.Parse(message.Body))
        {
            if (media.Kind != "audio" || media.Port == 0) continue;
            // Keys exchanged in SDP (SDES) or not at all: either way the payload cannot be decoded passively.
            if (media.Protocol.Contains("SAVP", StringComparison.Ordinal)) call.Encryption ??= "SRTP";
            foreach (var payloadType in media.PayloadTypes)
                call.PayloadTypes[payloadType] = PayloadKind.Resolve(payloadType, media.RtpMaps.TryGetValue(payloadType, out var map) ? map : null);
            // c=0.0.0.0 (hold, RFC 2543 style) keeps the old endpoint: media resumes there.
            if (media.Address is { } address)
                _matcher.Register(call, owner, new MediaEndpoint(address, media.Port));
            break;
        }
    }

    private async ValueTask FailAsync(SipCall call, string why, DateTimeOffset time, CancellationToken ct)
    {
        _counters.CallsFailed++;
        if (call.Recording is null)
            await OpenAsync(call, call.InviteAt, ct);
        call.Recording!.UpdateMetadata(new CallMetadataUpdate { Extra = new Dictionary<string, string>(StringComparer.Ordinal) { ["sip.failure"] = why } });
        await CloseAsync(call, CallEndReason.Failed, time, ct);
    }

    private async ValueTask CloseAsync(SipCall call, CallEndReason reason, DateTimeOffset time, CancellationToken ct)
    {
        _matcher.Unregister(call);
        _calls.Remove(call.CallId);
        _ended[call.CallId] = time;
        if (call.Recording is null && reason != CallEndReason.Failed)
            await OpenAsync(call, call.InviteAt, ct);
        call.Phase = CallPhase.Ended;
        var recording = call.Recording!;
        if (call.Skipped.Count > 0)
            recording.UpdateMetadata(new CallMetadataUpdate { Extra = new Dictionary<string, string>(StringComparer.Ordinal) { ["capture.skippedMedia"] = call.SkippedNote() } });
        try
        {
            await recording.CloseAsync(reason, ct);
        }
        finally
        {
            await recording.DisposeAsync();
        }
        _logger.LogDebug("Call {CallId} ended: {Reason}", call.CallId, reason);
    }
}
