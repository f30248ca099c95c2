using System.Globalization;
using System.Net;
using System.Xml;
using Microsoft.Extensions.Logging;
using RecAce.Plugin.Sip.Messages;
using RecAce.Plugin.Sip.Rtp;
using RecAce.Plugin.Sip.Sdp;
using RecAce.Plugin.Sip.Siprec;
using RecAce.Plugin.Sip.Transport;
using RecAce.Plugins;

namespace RecAce.Plugin.Sip.Calls;

/// <summary>New calls: checks, 100 Trying, the recording opened, 200 OK with a recvonly answer.</summary>
internal sealed partial class SipServer
{
    private static readonly string[] SupportedExtensions = ["siprec", "timer", "100rel", "replaces"];

    private async Task HandleNewInviteAsync(SipMessage invite, ISipChannel channel)
    {
        if (_dialogs.TryGetValue(invite.CallId!, out var existing))
        {
            await ResendInviteResponseAsync(existing, invite, channel);
            return;
        }

        if (Refusal(invite) is { } refusal)
        {
            await RefuseInviteAsync(invite, refusal, channel);
            return;
        }

        var parts = MessageBody.Parts(invite);
        var offer = MessageBody.Find(parts, "application/sdp") is { } sdp ? SdpOffer.Parse(sdp.Span) : null;
        if (offer is null)
        {
            // A late-offer INVITE (no SDP) is not supported: a recorder has nothing to offer.
            _logger.LogWarning("SIP INVITE {CallId} from {Remote} answered 488: no usable SDP offer", invite.CallId, channel.Remote);
            await RefuseInviteAsync(invite, SipResponses.Create(invite, 488, "Not Acceptable Here"), channel);
            return;
        }

        RecordingMetadata? metadata;
        try
        {
            metadata = MessageBody.Find(parts, "application/rs-metadata+xml") is { } xml ? RecordingMetadataReader.Read(xml) : null;
        }
        catch (XmlException ex)
        {
            _logger.LogWarning("SIPREC INVITE {CallId} from {Remote} answered 400: bad metadata: {Error}", invite.CallId, channel.Remote, ex.Message);
            await RefuseInviteAsync(invite, SipResponses.Create(invite, 400, "Bad Recording Metadata"), channel);
            return;
        }

        var isSiprec = IsSiprec(invite, metadata);
        var call = isSiprec ? (metadata is null ? new CallMetadataUpdate() : _parties.FromMetadata(metadata)) : _parties.FromHeaders(invite);
        var legs = _parties.Legs(offer.Media, metadata, call.Direction ?? CallDirection.Unknown);
        if (legs.Count == 0)
        {
            _logger.LogWarning("SIP INVITE {CallId} from {Remote} answered 488: no stream in PCMU, PCMA or G.722", invite.CallId, channel.Remote);
            await RefuseInviteAsync(invite, SipResponses.Create(invite, 488, "Not Acceptable Here").Add("Warning", "304 RecAce \"No acceptable audio format\""), channel);
            return;
        }

        var dialog = new SipDialog(invite, channel, isSiprec) { Metadata = metadata };
        if (!_dialogs.TryAdd(dialog.CallId, dialog))
        {
            await ResendInviteResponseAsync(_dialogs[dialog.CallId], invite, channel);
            return;
        }

        await channel.SendAsync(SipResponses.Create(invite, 100, "Trying").ToBytes());
        await OpenAndAnswerAsync(dialog, offer, legs, call, channel);
    }

    private SipMessage? Refusal(SipMessage invite)
    {
        var unsupported = invite.All(SipHeaderNames.Require).Where(t => !SupportedExtensions.Contains(t, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unsupported.Count > 0)
        {
            _logger.LogWarning("SIP INVITE {CallId} answered 420: requires {Extensions}", invite.CallId, string.Join(", ", unsupported));
            return SipResponses.Create(invite, 420, "Bad Extension").Add(SipHeaderNames.Unsupported, string.Join(", ", unsupported));
        }

        if (ActiveCalls >= _options.MaxConcurrentCalls)
            return Busy(invite, $"{_options.MaxConcurrentCalls} calls are being recorded (Plugins:Sip:MaxConcurrentCalls)");
        if (!_rate.TryAcquire())
            return Busy(invite, $"more than {_options.MaxCallsPerSecond} new calls per second (Plugins:Sip:MaxCallsPerSecond)", retryAfter: 1);
        return null;
    }

    private SipMessage Busy(SipMessage invite, string why, int? retryAfter = null)
    {
        Interlocked.Increment(ref _refused);
        _logger.LogWarning("SIP INVITE {CallId} declined with 503: {Reason}", invite.CallId, why);
        return SipResponses.WithRetryAfter(SipResponses.Create(invite, 503, "Service Unavailable"), retryAfter ?? _options.RetryAfterSeconds);
    }

    private static bool IsSiprec(SipMessage invite, RecordingMetadata? metadata) =>
        metadata is not null
        || invite.All(SipHeaderNames.Require).Contains("siprec", StringComparer.OrdinalIgnoreCase)
        || invite.All(SipHeaderNames.Contact).Any(c => HeaderValues.Parameter(c, "+sip.src") is not null);

    private async Task OpenAndAnswerAsync(SipDialog dialog, SdpOffer offer, IReadOnlyList<StreamLeg> legs, CallMetadataUpdate call, ISipChannel channel)
    {
        var invite = dialog.Invite;
        var sockets = new List<System.Net.Sockets.Socket>();
        foreach (var _ in legs)
        {
            if (_ports.Bind() is { } socket)
            {
                sockets.Add(socket);
                continue;
            }

            foreach (var s in sockets) s.Dispose();
            await EndPendingAsync(dialog, Busy(invite, $"no free RTP port in {_options.RtpPortMin}-{_options.RtpPortMax}"));
            return;
        }

        ICallRecording recording;
        try
        {
            recording = await _sink.OpenCallAsync(CallInfoFor(dialog, legs, call), _stopping.Token);
        }
        catch (RecordingRefusedException ex)
        {
            foreach (var s in sockets) s.Dispose();
            await EndPendingAsync(dialog, Busy(invite, ex.Message));
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            foreach (var s in sockets) s.Dispose();
            _logger.LogError(ex, "Opening the recording of SIP call {CallId} failed", dialog.CallId);
            await EndPendingAsync(dialog, SipResponses.Create(invite, 500, "Server Internal Error"));
            return;
        }

        var cancelled = false;
        lock (dialog.Gate)
        {
            dialog.Recording = recording;
            for (var i = 0; i < legs.Count; i++)
            {
                var media = offer.Media[legs[i].Index];
                var accepted = MediaFormat.Accepted(media)!;
                var receiver = new RtpReceiver(sockets[i], legs[i].LegId, recording, accepted, RtpSources(media, channel), _time, LoggerFactory.CreateLogger<RtpReceiver>(), ReceiveLoops);
                dialog.Streams.Add(new RecordedStream(legs[i], media, receiver, accepted));
                receiver.Start();
            }

            cancelled = dialog.State == DialogState.Ended;
        }

        if (cancelled)
        {
            // CANCEL arrived while the recording was being opened: 487 was sent, nothing is recorded.
            await EndRecordingAsync(dialog, CallEndReason.Failed);
            return;
        }

        var answer = Answer(dialog, offer, channel);
        lock (dialog.Gate)
        {
            dialog.State = DialogState.Answered;
            dialog.LastInviteResponse = answer.ToBytes();
        }

        _logger.LogInformation("SIP {Kind} call {CallId} from {Remote} recording as {RecordingId} ({Streams} streams)",
            dialog.IsSiprec ? "SIPREC" : "fork", dialog.CallId, channel.Remote, recording.CallId, legs.Count);
        await channel.SendAsync(dialog.LastInviteResponse!);
        if (!channel.IsReliable) _ = RetransmitUntilAckAsync(dialog, dialog.InviteCSeq);
    }

    private static CallInfo CallInfoFor(SipDialog dialog, IReadOnlyList<StreamLeg> legs, CallMetadataUpdate call)
    {
        var extra = new Dictionary<string, string>(call.Extra ?? new Dictionary<string, string>())
        {
            ["sip.mode"] = dialog.IsSiprec ? "siprec" : "fork",
            ["sip.source"] = dialog.Channel.Remote.ToString(),
        };
        if (dialog.Metadata?.SessionId is { } session) extra["siprec.sessionId"] = session;
        return new CallInfo
        {
            Direction = call.Direction ?? CallDirection.Unknown,
            OutsideNumber = call.OutsideNumber,
            OutsideName = call.OutsideName,
            StaffExtension = call.StaffExtension,
            StaffName = call.StaffName,
            AdapterCallId = dialog.CallId,
            // Left unset: the host starts the call's clock once the recording is ready, right before
            // the 200 OK, so the time spent opening it is not counted as call time.
            Legs = [.. legs.Select(l => new LegInfo(l.LegId, l.Role, l.Label))],
            Extra = extra,
        };
    }

    /// <summary>RTP is taken from the address the SDP names, and from the signalling peer (SRCs behind NAT).</summary>
    private static IPAddress[] RtpSources(SdpMedia media, ISipChannel channel)
    {
        var peer = channel.Remote.Address.IsIPv4MappedToIPv6 ? channel.Remote.Address.MapToIPv4() : channel.Remote.Address;
        return media.Address is { } a && !a.Equals(IPAddress.Any) && !a.Equals(peer) ? [a, peer] : [peer];
    }

    private SipMessage Answer(SipDialog dialog, SdpOffer offer, ISipChannel channel)
    {
        var local = _options.MediaAddress ?? (_options.Listen.Equals(IPAddress.Any) || _options.Listen.Equals(IPAddress.IPv6Any) ? channel.LocalAddress : _options.Listen);
        var answered = offer.Media.Select((m, i) =>
        {
            var stream = dialog.Streams.FirstOrDefault(s => s.Leg.Index == i);
            return new SdpAnswer.AnsweredMedia(m, stream?.Receiver.Port ?? 0, stream?.Accepted);
        }).ToList();
        var body = SdpAnswer.Write(local, dialog.SdpSessionId, dialog.SdpVersion++, answered);
        var host = local.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{local}]" : local.ToString();
        var (port, transport) = channel switch
        {
            TcpSipConnection { Transport: "TLS" } tls => (tls.LocalPort, ";transport=tls"),
            { IsReliable: true } => (LocalPort, ";transport=tcp"),
            _ => (LocalPort, string.Empty),
        };
        var response = SipResponses.Create(dialog.Invite, 200, "OK", dialog.LocalTag)
            .Add(SipHeaderNames.Contact, string.Create(CultureInfo.InvariantCulture, $"<sip:recace@{host}:{port}{transport}>"))
            .Add(SipHeaderNames.Allow, SipResponses.Allow)
            .Add(SipHeaderNames.ContentType, "application/sdp");
        response.Body = body;
        return response;
    }

    private async Task EndPendingAsync(SipDialog dialog, SipMessage response)
    {
        lock (dialog.Gate)
        {
            if (dialog.State == DialogState.Ended) return;
            dialog.State = DialogState.Ended;
            dialog.LastInviteResponse = response.ToBytes();
        }

        // Completed: resent until ACK over UDP; retransmitted INVITEs are answered by the transaction.
        await RefuseInviteAsync(dialog.Invite, response, dialog.Channel);
        ForgetLater(dialog);
    }

    private static async Task ResendInviteResponseAsync(SipDialog dialog, SipMessage invite, ISipChannel channel)
    {
        byte[]? last;
        lock (dialog.Gate) last = dialog.LastInviteResponse;
        if (last is not null) await channel.SendAsync(last);
        else await channel.SendAsync(SipResponses.Create(invite, 100, "Trying").ToBytes());
    }

    /// <summary>RFC 3261 section 13.3.1.4: the 2xx is resent at T1, doubling up to T2, until ACK or 64*T1.</summary>
    private async Task RetransmitUntilAckAsync(SipDialog dialog, uint cseq)
    {
        var interval = TimeSpan.FromMilliseconds(500);
        var elapsed = TimeSpan.Zero;
        try
        {
            while (elapsed < TimeSpan.FromSeconds(32))
            {
                await Task.Delay(interval, _time, dialog.Ending.Token);
                elapsed += interval;
                byte[]? response;
                lock (dialog.Gate)
                {
                    if (dialog.Acknowledged || dialog.InviteCSeq != cseq || dialog.State == DialogState.Ended) return;
                    response = dialog.LastInviteResponse;
                }

                if (response is not null) await dialog.Channel.SendAsync(response);
                interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, TimeSpan.FromSeconds(4).Ticks));
            }

            _logger.LogWarning("SIP call {CallId}: no ACK for the 200 OK within 32 s; recording continues until BYE or RTP timeout", dialog.CallId);
        }
        catch (OperationCanceledException)
        {
            // The dialog ended.
        }
    }
}
