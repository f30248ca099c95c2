using System.Globalization;
using Microsoft.Extensions.Logging;
using RecAce.Plugin.Sip.Calls;
using RecAce.Plugin.Sip.Messages;
using RecAce.Plugin.Sip.Sdp;
using RecAce.Plugins;

namespace RecAce.Plugin.Sip.B2bua;

/// <summary>The call to the target: INVITE, ringing, answer or refusal, no answer (CANCEL).</summary>
internal sealed partial class B2buaServer
{
    private async Task PlaceCallAsync(B2buaCall call, string direction)
    {
        var targetUri = call.Route.TargetFor(call.CalledNumber);
        if (!SipTarget.TryParse(targetUri, out var endPoint))
        {
            _logger.LogError("Route target {Target} of SIP call {CallId} is not a SIP URI with an IP address", targetUri, call.Caller.CallId);
            await HangUpCallerAsync(call, 502, "Bad Gateway");
            await EndAsync(call, CallEndReason.Failed);
            return;
        }

        var channel = _dial(endPoint);
        var invite = call.Invite;
        // From, To and P-Asserted-Identity are carried over so the PBX shows the caller's number.
        var callee = new LegDialog(SipIds.Tag() + "@recace", LegDialog.WithoutTag(invite[SipHeaderNames.From]!), SipIds.Tag(), LegDialog.WithoutTag(invite[SipHeaderNames.To]!), channel, _localPort())
        {
            RemoteTarget = targetUri,
        };
        var request = callee.Request("INVITE", callee.NextCSeq());
        var maxForwards = int.TryParse(invite[SipHeaderNames.MaxForwards], NumberStyles.None, CultureInfo.InvariantCulture, out var mf) ? Math.Max(mf - 1, 1) : 70;
        request.Remove(SipHeaderNames.MaxForwards);
        request.Add(SipHeaderNames.MaxForwards, maxForwards.ToString(CultureInfo.InvariantCulture));
        if (invite[SipHeaderNames.PAssertedIdentity] is { } pai) request.Add(SipHeaderNames.PAssertedIdentity, pai);
        var local = MediaAddress(channel);
        request.Add(SipHeaderNames.Contact, LegDialog.Contact(local, _localPort()))
            .Add(SipHeaderNames.Allow, SipResponses.Allow)
            .Add(SipHeaderNames.ContentType, "application/sdp");
        request.Body = RelaySdp.Offer(local, call.SdpSessionId, call.CalleeSdpVersion++, call.Relay.Callee.Port, call.Relay.Caller.Format!.Codec, RelaySdp.Reverse(direction));

        ClientTransaction transaction;
        lock (call.Gate)
        {
            if (call.State == RelayState.Ended) return;
            call.Callee = callee;
            call.CalleeChannel = channel;
            _calls[callee.CallId] = call;
            transaction = ClientTransaction.Start(request, channel, _transactions, _time, response => OnProvisional(call, response));
            call.CalleeInvite = transaction;
        }

        var ringTimeout = Task.Delay(TimeSpan.FromSeconds(call.Route.RingTimeoutSeconds), _time, call.Ending.Token);
        var first = await Task.WhenAny(transaction.Final, ringTimeout);
        if (first != transaction.Final)
        {
            // No answer in time, or the caller gave up: CANCEL, and the 487 is ACKed below.
            var gaveUp = call.Ending.IsCancellationRequested;
            if (!gaveUp) _logger.LogInformation("SIP call {CallId}: target {Target} did not answer within {Seconds} s; cancelled", call.Caller.CallId, targetUri, call.Route.RingTimeoutSeconds);
            await CancelCalleeAsync(call);
            var late = await Task.WhenAny(transaction.Final, Task.Delay(TimeSpan.FromSeconds(5), _time, CancellationToken.None));
            if (late == transaction.Final && await transaction.Final is { StatusCode: >= 200 and < 300 } answered)
            {
                // Answered while the CANCEL crossed it: ACK and hang up at once.
                Acknowledge(call, callee, answered);
                SendBye(callee);
            }
            else if (late == transaction.Final && await transaction.Final is { } refused)
            {
                AcknowledgeFailure(callee, transaction, refused);
            }

            if (!gaveUp)
            {
                await HangUpCallerAsync(call, 480, "Temporarily Unavailable");
                await EndAsync(call, CallEndReason.Normal);
            }

            return;
        }

        var final = await transaction.Final;
        if (final is null)
        {
            _logger.LogWarning("SIP call {CallId}: target {Target} sent no response in 32 s", call.Caller.CallId, targetUri);
            await HangUpCallerAsync(call, 408, "Request Timeout");
            await EndAsync(call, CallEndReason.Failed);
            return;
        }

        if (final.StatusCode >= 300)
        {
            AcknowledgeFailure(callee, transaction, final);
            _logger.LogInformation("SIP call {CallId}: target {Target} answered {Status}; passed to the caller", call.Caller.CallId, targetUri, final.StatusCode);
            await HangUpCallerAsync(call, final.StatusCode, final.Reason ?? "Failed");
            await EndAsync(call, CallEndReason.Normal);
            return;
        }

        Acknowledge(call, callee, final);
        if (call.Ending.IsCancellationRequested)
        {
            SendBye(callee);
            return;
        }

        var answer = MessageBody.Find(MessageBody.Parts(final), "application/sdp") is { } sdp ? SdpOffer.Parse(sdp.Span) : null;
        var media = answer?.Media.FirstOrDefault(m => SideFormat.Choose(m) is not null);
        if (media is null)
        {
            _logger.LogWarning("SIP call {CallId}: target {Target} answered without a usable SDP; hanging up", call.Caller.CallId, targetUri);
            SendBye(callee);
            await HangUpCallerAsync(call, 488, "Not Acceptable Here");
            await EndAsync(call, CallEndReason.Failed);
            return;
        }

        call.Relay.Callee.Apply(media, endPoint.Address, SideFormat.Choose(media)!);
        // Early media: the announcement is heard to its end before the call is put through.
        await call.Announcing;
        await AnswerCallerAsync(call, direction);
        await OpenRecordingAsync(call);
        lock (call.Gate)
        {
            if (call.State == RelayState.Ended) return;
            call.State = RelayState.Connected;
        }

        call.Relay.Bridged = true;
        _logger.LogInformation("SIP call {CallId} connected to {Target}: caller {CallerCodec}, target {CalleeCodec}{Transcoded}",
            call.Caller.CallId, targetUri, call.Relay.Caller.Format!.Name, call.Relay.Callee.Format!.Name,
            call.Relay.Caller.Format.Codec == call.Relay.Callee.Format.Codec ? string.Empty : " (transcoded)");
    }

    private void OnProvisional(B2buaCall call, SipMessage response)
    {
        if (response.StatusCode is not (180 or 183)) return;
        lock (call.Gate)
        {
            if (call.State != RelayState.Setup || call.RingingSent || call.LastCallerResponse is not null && call.Route.EarlyMedia) return;
            call.RingingSent = true;
        }

        var ringing = SipResponses.Create(call.Invite, 180, "Ringing", call.Caller.LocalTag);
        _ = SendToCallerAsync(call, ringing, final: false);
    }

    /// <summary>ACK for a 2xx: a new transaction in the dialog the 2xx created, to its Contact.</summary>
    private static void Acknowledge(B2buaCall call, LegDialog callee, SipMessage ok)
    {
        callee.RemoteTag = NameAddress.Parse(ok[SipHeaderNames.To])?.Tag;
        if (NameAddress.Parse(ok[SipHeaderNames.Contact])?.Uri is { } contact) callee.RemoteTarget = contact;
        var ack = callee.Request("ACK", ok.CSeq!.Value.Number);
        call.CalleeAck = ack.ToBytes();
        _ = callee.Channel.SendAsync(call.CalleeAck).AsTask();
    }

    /// <summary>ACK for a non-2xx final: part of the INVITE transaction (same branch, same Request-URI).</summary>
    private static void AcknowledgeFailure(LegDialog callee, ClientTransaction transaction, SipMessage final)
    {
        var invite = transaction.Request;
        var ack = SipMessage.Request("ACK", invite.RequestUri!);
        ack.Add(SipHeaderNames.Via, invite[SipHeaderNames.Via]!);
        ack.Add(SipHeaderNames.MaxForwards, "70");
        ack.Add(SipHeaderNames.From, invite[SipHeaderNames.From]!);
        ack.Add(SipHeaderNames.To, final[SipHeaderNames.To]!);
        ack.Add(SipHeaderNames.CallId, callee.CallId);
        ack.Add(SipHeaderNames.CSeq, $"{Number(invite.CSeq!.Value.Number)} ACK");
        _ = callee.Channel.SendAsync(ack.ToBytes()).AsTask();
    }

    /// <summary>CANCEL for our INVITE, once the target has sent something back (RFC 3261 section 9.1).</summary>
    private async Task CancelCalleeAsync(B2buaCall call)
    {
        if (call.CalleeInvite is not { } transaction || transaction.Final.IsCompleted) return;
        for (var i = 0; i < 40 && !transaction.Heard && !transaction.Final.IsCompleted; i++)
            await Task.Delay(TimeSpan.FromMilliseconds(50), _time, CancellationToken.None);
        if (transaction.Final.IsCompleted) return;
        var invite = transaction.Request;
        var cancel = SipMessage.Request("CANCEL", invite.RequestUri!);
        cancel.Add(SipHeaderNames.Via, invite[SipHeaderNames.Via]!);
        cancel.Add(SipHeaderNames.MaxForwards, "70");
        cancel.Add(SipHeaderNames.From, invite[SipHeaderNames.From]!);
        cancel.Add(SipHeaderNames.To, invite[SipHeaderNames.To]!);
        cancel.Add(SipHeaderNames.CallId, invite.CallId!);
        cancel.Add(SipHeaderNames.CSeq, $"{Number(invite.CSeq!.Value.Number)} CANCEL");
        ClientTransaction.Start(cancel, transaction.Channel, _transactions, _time);
    }
}
