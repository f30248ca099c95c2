using System.Xml;
using Microsoft.Extensions.Logging;
using RecAce.Plugin.Sip.Messages;
using RecAce.Plugin.Sip.Rtp;
using RecAce.Plugin.Sip.Sdp;
using RecAce.Plugin.Sip.Siprec;
using RecAce.Plugin.Sip.Transport;
using RecAce.Plugins;

namespace RecAce.Plugin.Sip.Calls;

/// <summary>Requests inside a dialog: ACK, BYE, CANCEL, re-INVITE and UPDATE.</summary>
internal sealed partial class SipServer
{
    /// <summary>How long an ended dialog is kept to absorb retransmissions (64*T1).</summary>
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(32);

    private SipDialog? Find(SipMessage request)
    {
        if (!_dialogs.TryGetValue(request.CallId!, out var dialog)) return null;
        var toTag = HeaderValues.Parameter(request[SipHeaderNames.To]!, "tag");
        return toTag is null || toTag == dialog.LocalTag ? dialog : null;
    }

    private void HandleAck(SipMessage ack)
    {
        if (Find(ack) is not { } dialog) return;
        lock (dialog.Gate)
        {
            if (ack.CSeq!.Value.Number == dialog.InviteCSeq) dialog.Acknowledged = true;
        }
    }

    private async Task HandleByeAsync(SipMessage bye, ISipChannel channel)
    {
        if (Find(bye) is not { } dialog || dialog.State == DialogState.Ended)
        {
            await channel.SendAsync(SipResponses.Create(bye, 481, "Call/Transaction Does Not Exist").ToBytes());
            return;
        }

        await channel.SendAsync(SipResponses.Create(bye, 200, "OK", dialog.LocalTag).ToBytes());
        _logger.LogInformation("SIP call {CallId} ended by BYE from {Remote}", dialog.CallId, channel.Remote);
        await EndRecordingAsync(dialog, CallEndReason.Normal);
    }

    private async Task HandleCancelAsync(SipMessage cancel, ISipChannel channel)
    {
        if (!_dialogs.TryGetValue(cancel.CallId!, out var dialog) || dialog.InviteCSeq != cancel.CSeq!.Value.Number)
        {
            await channel.SendAsync(SipResponses.Create(cancel, 481, "Call/Transaction Does Not Exist").ToBytes());
            return;
        }

        await channel.SendAsync(SipResponses.Create(cancel, 200, "OK", dialog.LocalTag).ToBytes());
        bool terminate;
        lock (dialog.Gate)
        {
            // After the 200 OK the CANCEL has no effect (RFC 3261 section 9.2); the SRC sends BYE instead.
            terminate = dialog.State == DialogState.Pending;
        }

        if (!terminate) return;
        _logger.LogInformation("SIP call {CallId} cancelled before answer", dialog.CallId);
        await EndPendingAsync(dialog, SipResponses.Create(dialog.Invite, 487, "Request Terminated", dialog.LocalTag));
    }

    private async Task HandleOfferInDialogAsync(SipMessage request, ISipChannel channel)
    {
        var dialog = Find(request);
        if (dialog is null || dialog.State != DialogState.Answered)
        {
            await RespondInDialogAsync(request, SipResponses.Create(request, 481, "Call/Transaction Does Not Exist"), channel);
            return;
        }

        var cseq = request.CSeq!.Value.Number;
        lock (dialog.Gate)
        {
            if (request.Method == "INVITE" && cseq == dialog.InviteCSeq && dialog.LastInviteResponse is { } last)
            {
                // A retransmission of the re-INVITE we already answered.
                _ = channel.SendAsync(last).AsTask();
                return;
            }
        }

        if (cseq <= dialog.RemoteCSeq)
        {
            await RespondInDialogAsync(request, SipResponses.Create(request, 500, "Server Internal Error").Add(SipHeaderNames.RetryAfter, "1"), channel);
            return;
        }

        var parts = MessageBody.Parts(request);
        var offer = MessageBody.Find(parts, "application/sdp") is { } sdp ? SdpOffer.Parse(sdp.Span) : null;
        RecordingMetadata? metadata = null;
        try
        {
            if (MessageBody.Find(parts, "application/rs-metadata+xml") is { } xml) metadata = RecordingMetadataReader.Read(xml);
        }
        catch (XmlException ex)
        {
            _logger.LogWarning("SIP {Method} {CallId}: bad metadata answered 400: {Error}", request.Method, dialog.CallId, ex.Message);
            await RespondInDialogAsync(request, SipResponses.Create(request, 400, "Bad Recording Metadata"), channel);
            return;
        }

        dialog.RemoteCSeq = cseq;
        if (metadata is not null) ApplyMetadata(dialog, metadata);
        offer ??= CurrentOffer(dialog);
        UpdateStreams(dialog, offer, channel);
        var answer = Answer(dialog, offer, channel);
        if (NameAddress.Parse(request[SipHeaderNames.Contact])?.Uri is { } target) dialog.RemoteTarget = target;
        if (request.Method == "INVITE")
        {
            lock (dialog.Gate)
            {
                dialog.InviteCSeq = cseq;
                dialog.Acknowledged = false;
                dialog.LastInviteResponse = answer.ToBytes();
            }

            await channel.SendAsync(dialog.LastInviteResponse!);
            if (!channel.IsReliable) _ = RetransmitUntilAckAsync(dialog, cseq);
        }
        else
        {
            await channel.SendAsync(answer.ToBytes());
        }
    }

    private void ApplyMetadata(SipDialog dialog, RecordingMetadata metadata)
    {
        dialog.Metadata = metadata;
        var update = _parties.FromMetadata(metadata);
        try
        {
            dialog.Recording?.UpdateMetadata(update);
            _logger.LogInformation("SIP call {CallId}: metadata updated", dialog.CallId);
        }
        catch (ObjectDisposedException)
        {
            // Closed meanwhile.
        }
    }

    private static SdpOffer CurrentOffer(SipDialog dialog) =>
        new(null, dialog.Streams.OrderBy(s => s.Leg.Index).Select(s => s.Offer).ToList());

    /// <summary>Keeps a stream whose label (or position) is offered again, adds new ones, stops removed ones.</summary>
    private void UpdateStreams(SipDialog dialog, SdpOffer offer, ISipChannel channel)
    {
        var legs = _parties.Legs(offer.Media, dialog.Metadata, CallDirection.Unknown);
        lock (dialog.Gate)
        {
            var kept = new List<RecordedStream>();
            foreach (var leg in legs)
            {
                var media = offer.Media[leg.Index];
                var accepted = MediaFormat.Accepted(media)!;
                var existing = dialog.Streams.FirstOrDefault(s => s.Leg.LegId == leg.LegId);
                if (existing is not null)
                {
                    existing.Receiver.Update(accepted, RtpSources(media, channel));
                    kept.Add(existing with { Leg = existing.Leg with { Index = leg.Index }, Offer = media, Accepted = accepted });
                    continue;
                }

                if (_ports.Bind() is not { } socket || dialog.Recording is null) continue;
                try
                {
                    dialog.Recording.AddLeg(new LegInfo(leg.LegId, leg.Role, leg.Label));
                }
                catch (ArgumentException)
                {
                    socket.Dispose();
                    continue;
                }

                var receiver = new RtpReceiver(socket, leg.LegId, dialog.Recording, accepted, RtpSources(media, channel), _time, LoggerFactory.CreateLogger<RtpReceiver>(), ReceiveLoops);
                receiver.Start();
                kept.Add(new RecordedStream(leg, media, receiver, accepted));
            }

            foreach (var removed in dialog.Streams.Where(s => !kept.Any(k => k.Receiver == s.Receiver)))
                _ = removed.Receiver.DisposeAsync().AsTask();
            dialog.Streams.Clear();
            dialog.Streams.AddRange(kept);
        }
    }

    /// <summary>Stops the streams and closes the recording once; the dialog lingers to absorb retransmissions.</summary>
    private async Task EndRecordingAsync(SipDialog dialog, CallEndReason reason)
    {
        List<RecordedStream> streams;
        ICallRecording? recording;
        lock (dialog.Gate)
        {
            var wasEnded = dialog.State == DialogState.Ended && dialog.Recording is null;
            dialog.State = DialogState.Ended;
            streams = [.. dialog.Streams];
            dialog.Streams.Clear();
            recording = dialog.Recording;
            dialog.Recording = null;
            if (wasEnded) return;
        }

        await dialog.Ending.CancelAsync();
        foreach (var s in streams) await s.Receiver.DisposeAsync();
        if (recording is not null)
        {
            try
            {
                await recording.CloseAsync(reason, CancellationToken.None);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Closing the recording of SIP call {CallId} failed", dialog.CallId);
            }
        }

        ForgetLater(dialog);
    }

    private void ForgetLater(SipDialog dialog) =>
        _ = Task.Delay(Linger, _time, CancellationToken.None).ContinueWith(
            _ => _dialogs.TryRemove(new KeyValuePair<string, SipDialog>(dialog.CallId, dialog)),
            CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

    /// <summary>Ends calls whose media stopped without a BYE; runs until the server stops.</summary>
    public async Task WatchMediaTimeoutsAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken);
                foreach (var dialog in _dialogs.Values)
                {
                    bool timedOut;
                    lock (dialog.Gate) timedOut = dialog.State == DialogState.Answered && dialog.Silence > _options.RtpTimeout;
                    if (!timedOut) continue;
                    _logger.LogWarning("SIP call {CallId}: no RTP for {Seconds} s, ending it without BYE from the source", dialog.CallId, _options.RtpTimeout.TotalSeconds);
                    await SendByeAsync(dialog);
                    await EndRecordingAsync(dialog, CallEndReason.MediaTimeout);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    /// <summary>Shutdown: a BYE to every answered dialog, and every recording closed.</summary>
    public async Task EndAllAsync()
    {
        if (B2bua is { } b2bua) await b2bua.EndAllAsync();
        foreach (var dialog in _dialogs.Values)
        {
            bool answered;
            lock (dialog.Gate) answered = dialog.State == DialogState.Answered;
            if (answered) await SendByeAsync(dialog);
            await EndRecordingAsync(dialog, CallEndReason.AdapterStopped);
        }
    }

    private async Task SendByeAsync(SipDialog dialog) => await dialog.Channel.SendAsync(dialog.CreateBye(dialog.Channel is TcpSipConnection { Transport: "TLS" } tls ? tls.LocalPort : LocalPort).ToBytes());
}
