using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using RecAce.Plugin.Sip.Calls;
using RecAce.Plugin.Sip.Messages;
using RecAce.Plugin.Sip.Rtp;
using RecAce.Plugin.Sip.Sdp;
using RecAce.Plugin.Sip.Transport;
using RecAce.Plugins;

namespace RecAce.Plugin.Sip.B2bua;

/// <summary>
/// The in-line recorder (back-to-back user agent): an INVITE that matches a route is answered
/// towards the caller, the announcement played, and a new call placed to the route's target;
/// ringing, busy, no answer, CANCEL, BYE and re-INVITE pass both ways, audio is relayed (and
/// transcoded when the sides' codecs differ) and both legs are recorded. A recording failure is
/// reported and never ends the call.
/// </summary>
internal sealed partial class B2buaServer
{
    /// <summary>How long an ended call is kept to absorb retransmissions (64*T1).</summary>
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(32);

    private readonly ConcurrentDictionary<string, B2buaCall> _calls = new(StringComparer.Ordinal);
    private readonly ClientTransactions _transactions = new();
    // Swapped whole when the routes change (admin edit, configuration reload); a call keeps the route it started with.
    private volatile RouteTable _table;
    private readonly SipOptions _options;
    private readonly ICallSink _sink;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly RtpPortPool _ports;
    private readonly Func<IPEndPoint, ISipChannel> _dial;
    private readonly Func<int> _localPort;
    private readonly InviteServerTransactions _finals;
    private long _relayed;
    private long _recordingFailures;
    private string? _lastFailure;
    private long _lastFailureAt;

    public B2buaServer(SipOptions options, IReadOnlyList<SipRoute> routes, IReadOnlyDictionary<SipRoute, Announcement> announcements, ICallSink sink, RtpPortPool ports,
        Func<IPEndPoint, ISipChannel> dial, Func<int> localPort, InviteServerTransactions finals, TimeProvider time, ILoggerFactory loggers)
    {
        _finals = finals;
        _options = options;
        _table = new RouteTable(routes, announcements);
        _sink = sink;
        _ports = ports;
        _dial = dial;
        _localPort = localPort;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger("RecAce.Plugin.Sip.B2bua");
    }

    /// <summary>The routes in force, first match wins.</summary>
    public IReadOnlyList<SipRoute> Routes => _table.Routes;

    /// <summary>Takes new routes for the INVITEs that arrive from now on; calls in progress are not touched.</summary>
    public void Replace(IReadOnlyList<SipRoute> routes, IReadOnlyDictionary<SipRoute, Announcement> announcements) =>
        _table = new RouteTable(routes, announcements);

    public int ActiveCalls => _calls.Values.Distinct().Count(c => c.State != RelayState.Ended);

    /// <summary>Figures for /healthz.</summary>
    public void AddCounters(IDictionary<string, object> counters)
    {
        counters["relayedCalls"] = ActiveCalls;
        counters["relayedCallsTotal"] = Interlocked.Read(ref _relayed);
        counters["recordingFailures"] = Interlocked.Read(ref _recordingFailures);
    }

    /// <summary>A recording failure in the last 15 minutes, for the adapter's health (Degraded); null when none.</summary>
    public string? RecentFailure =>
        _lastFailure is { } failure && _time.GetElapsedTime(Interlocked.Read(ref _lastFailureAt)) < TimeSpan.FromMinutes(15)
            ? $"録音に失敗しました（通話は継続）/ Recording failed, call kept connected: {failure}"
            : null;

    /// <summary>The first route that takes this INVITE, or null (then the recorder's own modes apply).</summary>
    public SipRoute? RouteFor(SipMessage invite, IPAddress source)
    {
        var number = CalledNumber(invite);
        return _table.Routes.FirstOrDefault(r => r.Matches(number, source));
    }

    /// <summary>Whether a request belongs to a relayed call (either side's Call-ID).</summary>
    public bool Owns(SipMessage request) => _calls.ContainsKey(request.CallId!);

    private static string? CalledNumber(SipMessage invite) =>
        NameAddress.Parse($"<{invite.RequestUri}>")?.User ?? NameAddress.Parse(invite[SipHeaderNames.To])?.User;

    private void ReportRecordingFailure(string what)
    {
        Interlocked.Increment(ref _recordingFailures);
        _lastFailure = what;
        Interlocked.Exchange(ref _lastFailureAt, _time.GetTimestamp());
    }

    public void HandleResponse(SipMessage response)
    {
        var transaction = _transactions.Match(response);
        if (transaction is null)
        {
            // A retransmitted 2xx after its transaction is gone: ACK it again so the target stops.
            if (response.StatusCode is >= 200 and < 300 && response.CSeq?.Method == "INVITE" && _calls.TryGetValue(response.CallId!, out var call) && call.CalleeAck is { } ack)
                _ = call.CalleeChannel!.SendAsync(ack).AsTask();
            return;
        }

        if (transaction.Final.IsCompleted && response.StatusCode >= 200 && response.CSeq?.Method == "INVITE"
            && _calls.TryGetValue(response.CallId!, out var again) && again.CalleeAck is { } resend)
        {
            _ = transaction.Channel.SendAsync(resend).AsTask();
            return;
        }

        transaction.Receive(response);
    }

    public async Task HandleNewInviteAsync(SipMessage invite, ISipChannel channel, SipRoute route)
    {
        if (_calls.TryGetValue(invite.CallId!, out var existing))
        {
            byte[]? last;
            lock (existing.Gate) last = existing.LastCallerResponse;
            await channel.SendAsync(last ?? SipResponses.Create(invite, 100, "Trying").ToBytes());
            return;
        }

        if (route.Action == RouteAction.Reject)
        {
            _logger.LogInformation("SIP INVITE {CallId} to {Number} refused by route", invite.CallId, CalledNumber(invite));
            await _finals.RespondAsync(invite, SipResponses.Create(invite, 403, "Forbidden"), channel);
            return;
        }

        var offer = MessageBody.Find(MessageBody.Parts(invite), "application/sdp") is { } sdp ? SdpOffer.Parse(sdp.Span) : null;
        var audio = offer?.Media.FirstOrDefault(m => SideFormat.Choose(m) is not null);
        if (offer is null || audio is null)
        {
            _logger.LogWarning("SIP INVITE {CallId} from {Remote} answered 488: no offer in PCMU, PCMA or G.722 (late offer is not relayed)", invite.CallId, channel.Remote);
            await _finals.RespondAsync(invite, SipResponses.Create(invite, 488, "Not Acceptable Here"), channel);
            return;
        }

        var callerSocket = _ports.Bind();
        var calleeSocket = callerSocket is null ? null : _ports.Bind();
        if (callerSocket is null || calleeSocket is null)
        {
            callerSocket?.Dispose();
            _logger.LogWarning("SIP INVITE {CallId} answered 503: no free RTP port in {Min}-{Max}", invite.CallId, _options.RtpPortMin, _options.RtpPortMax);
            await _finals.RespondAsync(invite, SipResponses.WithRetryAfter(SipResponses.Create(invite, 503, "Service Unavailable"), _options.RetryAfterSeconds), channel);
            return;
        }

        var callerDialog = new LegDialog(invite.CallId!, LegDialog.WithoutTag(invite[SipHeaderNames.To]!), SipIds.Tag(), invite[SipHeaderNames.From]!, channel, _localPort())
        {
            RemoteTarget = NameAddress.Parse(invite[SipHeaderNames.Contact])?.Uri,
            RemoteCSeq = invite.CSeq!.Value.Number,
        };
        // The caller's tag is already part of its From, which we write as our To.
        var guard = new RecordingGuard(invite.CallId!, ReportRecordingFailure, _logger);
        var relay = new MediaRelay(new RelaySide(callerSocket, "outside"), new RelaySide(calleeSocket, "staff"), guard, _time, route.BeepIntervalSeconds);
        var call = new B2buaCall(route, invite, callerDialog, relay, guard, CalledNumber(invite));
        if (!_calls.TryAdd(call.Caller.CallId, call))
        {
            await relay.DisposeAsync();
            return;
        }

        Interlocked.Increment(ref _relayed);
        relay.Caller.Apply(audio, Peer(channel), SideFormat.Choose(audio)!);
        relay.Start();
        await channel.SendAsync(SipResponses.Create(invite, 100, "Trying").ToBytes());
        _logger.LogInformation("SIP call {CallId} from {Remote} to {Number}: {Action} to {Target}{Record}",
            invite.CallId, channel.Remote, call.CalledNumber, route.Action, route.TargetFor(call.CalledNumber), route.Record ? string.Empty : " (not recorded)");
        _ = Task.Run(() => RunAsync(call, audio));
    }

    private async Task RunAsync(B2buaCall call, SdpMedia callerOffer)
    {
        try
        {
            var announcement = call.Route.Action == RouteAction.AnnounceConnect ? _table.Announcements.GetValueOrDefault(call.Route) : null;
            var direction = RelaySdp.Reverse(RelaySdp.DirectionOf(callerOffer));
            if (announcement is not null && call.Route.EarlyMedia)
            {
                // 183 with SDP: the caller hears the announcement while the target rings.
                await SendToCallerAsync(call, CallerResponse(call, 183, "Session Progress", direction), final: false);
                await OpenRecordingAsync(call);
                call.Announcing = call.Relay.PlayAsync(announcement, call.Ending.Token);
            }
            else if (announcement is not null)
            {
                await AnswerCallerAsync(call, direction);
                await OpenRecordingAsync(call);
                await call.Relay.PlayAsync(announcement, call.Ending.Token);
                if (call.Ending.IsCancellationRequested) return;
            }

            await PlaceCallAsync(call, direction);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Relayed SIP call {CallId} failed", call.Caller.CallId);
            await HangUpCallerAsync(call, 500, "Server Internal Error");
            await EndAsync(call, CallEndReason.Failed);
        }
    }

    private async Task OpenRecordingAsync(B2buaCall call)
    {
        if (!call.Route.Record || call.Recording.Recording is not null || call.Recording.Failed) return;
        var info = Describe(call);
        try
        {
            var recording = await _sink.OpenCallAsync(info, CancellationToken.None);
            bool ended;
            lock (call.Gate) ended = call.State == RelayState.Ended;
            call.Recording.Attach(recording);
            if (ended) await call.Recording.CloseAsync(CallEndReason.Normal);
        }
        catch (Exception ex)
        {
            // Disk full, spool unwritable, pipeline refusing: the citizen is still connected.
            call.Recording.Fail(ex);
        }
    }

    private CallInfo Describe(B2buaCall call)
    {
        var caller = NameAddress.Parse(call.Invite[SipHeaderNames.PAssertedIdentity]) ?? NameAddress.Parse(call.Invite[SipHeaderNames.From]);
        var extra = new Dictionary<string, string>
        {
            ["sip.mode"] = "b2bua",
            ["sip.source"] = call.Caller.Channel.Remote.ToString(),
            ["sip.target"] = call.Route.TargetFor(call.CalledNumber),
        };
        if (call.Route.Action == RouteAction.AnnounceConnect && _table.Announcements.TryGetValue(call.Route, out var a))
            extra["sip.announcement"] = Path.GetFileName(a.Path);
        return new CallInfo
        {
            Direction = CallDirection.Inbound,
            OutsideNumber = caller?.User,
            OutsideName = caller?.DisplayName,
            StaffExtension = call.CalledNumber,
            AdapterCallId = call.Caller.CallId,
            Legs = [new LegInfo("outside", LegRole.Outside, "caller"), new LegInfo("staff", LegRole.Staff, "callee")],
            Extra = extra,
        };
    }

    private static IPAddress Peer(ISipChannel channel) =>
        channel.Remote.Address.IsIPv4MappedToIPv6 ? channel.Remote.Address.MapToIPv4() : channel.Remote.Address;

    private IPAddress MediaAddress(ISipChannel channel) =>
        _options.MediaAddress ?? (_options.Listen.Equals(IPAddress.Any) || _options.Listen.Equals(IPAddress.IPv6Any) ? channel.LocalAddress : _options.Listen);

    /// <summary>A response to the caller's INVITE; 183 and 200 carry our answer.</summary>
    private SipMessage CallerResponse(B2buaCall call, int code, string reason, string direction)
    {
        var response = SipResponses.Create(call.Invite, code, reason, call.Caller.LocalTag);
        if (code is 183 or (>= 200 and < 300))
        {
            var local = MediaAddress(call.Caller.Channel);
            response.Add(SipHeaderNames.Contact, LegDialog.Contact(local, _localPort()))
                .Add(SipHeaderNames.Allow, SipResponses.Allow)
                .Add(SipHeaderNames.ContentType, "application/sdp");
            response.Body = RelaySdp.Answer(local, call.SdpSessionId, call.CallerSdpVersion++, call.Relay.Caller.Port, call.Relay.Caller.Format!, direction);
        }

        return response;
    }

    private async Task AnswerCallerAsync(B2buaCall call, string direction)
    {
        lock (call.Gate)
        {
            if (call.State != RelayState.Setup) return;
            call.State = RelayState.CallerAnswered;
        }

        await SendToCallerAsync(call, CallerResponse(call, 200, "OK", direction), final: true);
    }

    /// <summary>
    /// Sends a response to the caller's INVITE. Over UDP a final one is resent until ACK: a 2xx by
    /// the dialog (RFC 3261 section 13.3.1.4), an error by the INVITE server transaction (timer G/H).
    /// </summary>
    private async Task SendToCallerAsync(B2buaCall call, SipMessage response, bool final)
    {
        var bytes = response.ToBytes();
        var cseq = call.CallerInviteCSeq;
        lock (call.Gate)
        {
            call.LastCallerResponse = bytes;
            if (final) call.CallerAcknowledged = false;
        }

        if (final && response.StatusCode >= 300)
        {
            await _finals.RespondAsync(call.Invite, response, call.Caller.Channel);
            return;
        }

        await call.Caller.Channel.SendAsync(bytes);
        if (final && !call.Caller.Channel.IsReliable) _ = ResendUntilAckAsync(call, cseq, bytes);
    }

    private async Task ResendUntilAckAsync(B2buaCall call, uint cseq, byte[] bytes)
    {
        var interval = TimeSpan.FromMilliseconds(500);
        var elapsed = TimeSpan.Zero;
        while (elapsed < TimeSpan.FromSeconds(32))
        {
            await Task.Delay(interval, _time, CancellationToken.None);
            elapsed += interval;
            lock (call.Gate)
            {
                if (call.CallerAcknowledged || call.CallerInviteCSeq != cseq || !ReferenceEquals(call.LastCallerResponse, bytes)) return;
            }

            await call.Caller.Channel.SendAsync(bytes);
            interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, TimeSpan.FromSeconds(4).Ticks));
        }
    }

    /// <summary>Ends the caller's side: a final error while it has none, a BYE once it was answered.</summary>
    private async Task HangUpCallerAsync(B2buaCall call, int code, string reason)
    {
        RelayState state;
        lock (call.Gate) state = call.State;
        if (state == RelayState.Ended) return;
        if (state == RelayState.Setup)
        {
            lock (call.Gate) call.State = RelayState.Ended;
            await SendToCallerAsync(call, SipResponses.Create(call.Invite, code, reason, call.Caller.LocalTag), final: true);
            return;
        }

        SendBye(call.Caller);
    }

    private void SendBye(LegDialog dialog)
    {
        var bye = dialog.Request("BYE", dialog.NextCSeq());
        ClientTransaction.Start(bye, dialog.Channel, _transactions, _time);
    }

    /// <summary>Stops the media (what the sockets had queued is relayed and recorded, then the ports are freed), closes the recording, forgets the call later.</summary>
    private async Task EndAsync(B2buaCall call, CallEndReason reason)
    {
        lock (call.Gate)
        {
            if (call.State == RelayState.Ended && call.Ending.IsCancellationRequested) return;
            call.State = RelayState.Ended;
        }

        await call.Ending.CancelAsync();
        await call.Relay.DisposeAsync();
        await call.Recording.CloseAsync(reason);
        _logger.LogInformation("Relayed SIP call {CallId} ended ({Reason}); relayed {ToCallee} packets to the target and {ToCaller} to the caller; {Dropped} left out of the recording (recording threads behind)",
            call.Caller.CallId, reason, call.Relay.Callee.Writer.Sent, call.Relay.Caller.Writer.Sent, call.Recording.DroppedPackets);
        _ = Task.Delay(Linger, _time, CancellationToken.None).ContinueWith(_ =>
        {
            _calls.TryRemove(new KeyValuePair<string, B2buaCall>(call.Caller.CallId, call));
            if (call.Callee is { } callee) _calls.TryRemove(new KeyValuePair<string, B2buaCall>(callee.CallId, call));
        }, TaskScheduler.Default);
    }

    /// <summary>
    /// Ends connected calls whose media stopped on both sides for <see cref="SipOptions.RtpTimeout"/>
    /// (a side vanished without BYE), BYE to both, so their ports are not held for ever. Calls on
    /// hold are left alone: many phones send nothing while held.
    /// </summary>
    public async Task WatchMediaTimeoutsAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken);
                foreach (var call in _calls.Values.Distinct().ToList())
                {
                    bool timedOut;
                    lock (call.Gate) timedOut = call.State == RelayState.Connected && !call.Relay.OnHold && call.Relay.Silence > _options.RtpTimeout;
                    if (!timedOut) continue;
                    _logger.LogWarning("Relayed SIP call {CallId}: no RTP from either side for {Seconds} s; ending it", call.Caller.CallId, _options.RtpTimeout.TotalSeconds);
                    SendBye(call.Caller);
                    if (call.Callee is { RemoteTag: not null } callee) SendBye(callee);
                    await EndAsync(call, CallEndReason.MediaTimeout);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    /// <summary>Shutdown: BYE to both sides of every call, recordings closed.</summary>
    public async Task EndAllAsync()
    {
        foreach (var call in _calls.Values.Distinct().ToList())
        {
            await HangUpCallerAsync(call, 503, "Service Unavailable");
            if (call.Callee is { RemoteTag: not null } callee) SendBye(callee);
            await EndAsync(call, CallEndReason.AdapterStopped);
        }
    }

    private static string Number(uint value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The routes and their decoded announcements, replaced together.</summary>
internal sealed record RouteTable(IReadOnlyList<SipRoute> Routes, IReadOnlyDictionary<SipRoute, Announcement> Announcements);
