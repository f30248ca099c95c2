using Microsoft.Extensions.Logging;
using RecAce.Plugin.Sip.Calls;
using RecAce.Plugin.Sip.Messages;
using RecAce.Plugin.Sip.Sdp;
using RecAce.Plugin.Sip.Transport;
using RecAce.Plugins;

namespace RecAce.Plugin.Sip.B2bua;

/// <summary>Requests inside a relayed call, from either side: ACK, BYE, CANCEL, re-INVITE (hold), others.</summary>
internal sealed partial class B2buaServer
{
    public async Task HandleRequestAsync(SipMessage request, ISipChannel channel)
    {
        if (!_calls.TryGetValue(request.CallId!, out var call))
        {
            if (request.Method != "ACK") await channel.SendAsync(SipResponses.Create(request, 481, "Call/Transaction Does Not Exist").ToBytes());
            return;
        }

        var fromCaller = request.CallId == call.Caller.CallId;
        switch (request.Method)
        {
            case "ACK":
                if (fromCaller)
                {
                    lock (call.Gate)
                    {
                        if (request.CSeq!.Value.Number == call.CallerInviteCSeq) call.CallerAcknowledged = true;
                    }
                }

                break;
            case "CANCEL" when fromCaller:
                await HandleCancelAsync(call, request, channel);
                break;
            case "BYE":
                await HandleByeAsync(call, request, channel, fromCaller);
                break;
            case "INVITE" when HeaderValues.Parameter(request[SipHeaderNames.To]!, "tag") is not null:
                await RelayOfferAsync(call, request, channel, fromCaller);
                break;
            case "INVITE":
                // A retransmitted initial INVITE.
                byte[]? last;
                lock (call.Gate) last = call.LastCallerResponse;
                await channel.SendAsync(last ?? SipResponses.Create(request, 100, "Trying").ToBytes());
                break;
            default:
                // INFO, OPTIONS, UPDATE without media change: answered here; DTMF travels as RFC 4733 in the media.
                await channel.SendAsync(SipResponses.Create(request, 200, "OK").ToBytes());
                break;
        }
    }

    private async Task HandleCancelAsync(B2buaCall call, SipMessage cancel, ISipChannel channel)
    {
        await channel.SendAsync(SipResponses.Create(cancel, 200, "OK", call.Caller.LocalTag).ToBytes());
        bool pending;
        lock (call.Gate) pending = call.State == RelayState.Setup && cancel.CSeq!.Value.Number == call.CallerInviteCSeq;
        // After the caller's 200 OK a CANCEL has no effect (RFC 3261 section 9.2); BYE follows.
        if (!pending) return;
        _logger.LogInformation("SIP call {CallId} cancelled by the caller; cancelling the target", call.Caller.CallId);
        await HangUpCallerAsync(call, 487, "Request Terminated");
        await EndAsync(call, CallEndReason.Normal);
    }

    private async Task HandleByeAsync(B2buaCall call, SipMessage bye, ISipChannel channel, bool fromCaller)
    {
        await channel.SendAsync(SipResponses.Create(bye, 200, "OK", fromCaller ? call.Caller.LocalTag : null).ToBytes());
        RelayState state;
        lock (call.Gate) state = call.State;
        if (state == RelayState.Ended) return;
        _logger.LogInformation("SIP call {CallId} hung up by the {Side}", call.Caller.CallId, fromCaller ? "caller" : "target");
        if (fromCaller)
        {
            if (call.Callee is { RemoteTag: not null } callee) SendBye(callee);
            // A target still ringing is cancelled by the INVITE flow once the call has ended.
        }
        else
        {
            SendBye(call.Caller);
        }

        await EndAsync(call, CallEndReason.Normal);
    }

    /// <summary>
    /// A re-INVITE (hold, resume, new address) from one side becomes a re-INVITE to the other with
    /// our own port and the direction asked for; the other side's answer is turned into ours.
    /// </summary>
    private async Task RelayOfferAsync(B2buaCall call, SipMessage request, ISipChannel channel, bool fromCaller)
    {
        var from = fromCaller ? call.Caller : call.Callee;
        var to = fromCaller ? call.Callee : call.Caller;
        var fromSide = fromCaller ? call.Relay.Caller : call.Relay.Callee;
        var toSide = fromCaller ? call.Relay.Callee : call.Relay.Caller;
        RelayState state;
        lock (call.Gate) state = call.State;
        if (from is null || to is null || state != RelayState.Connected)
        {
            await _finals.RespondAsync(request, SipResponses.Create(request, 491, "Request Pending"), channel);
            return;
        }

        var cseq = request.CSeq!.Value.Number;
        if (cseq <= from.RemoteCSeq)
        {
            // A retransmission, or out of order: the earlier one is being relayed.
            await channel.SendAsync(SipResponses.Create(request, 100, "Trying").ToBytes());
            return;
        }

        from.RemoteCSeq = cseq;
        await channel.SendAsync(SipResponses.Create(request, 100, "Trying").ToBytes());
        var offer = MessageBody.Find(MessageBody.Parts(request), "application/sdp") is { } sdp ? SdpOffer.Parse(sdp.Span) : null;
        var media = offer?.Media.FirstOrDefault(m => SideFormat.Choose(m) is not null);
        var direction = media is null ? "sendrecv" : RelaySdp.DirectionOf(media);
        if (media is not null) fromSide.Apply(media, Peer(channel), SideFormat.Choose(media)!);
        if (NameAddress.Parse(request[SipHeaderNames.Contact])?.Uri is { } target) from.RemoteTarget = target;

        var local = MediaAddress(to.Channel);
        var relayed = to.Request("INVITE", to.NextCSeq());
        relayed.Add(SipHeaderNames.Contact, LegDialog.Contact(local, _localPort()))
            .Add(SipHeaderNames.Allow, SipResponses.Allow)
            .Add(SipHeaderNames.ContentType, "application/sdp");
        relayed.Body = RelaySdp.Offer(local, call.SdpSessionId, fromCaller ? call.CalleeSdpVersion++ : call.CallerSdpVersion++, toSide.Port, toSide.Format!.Codec, direction);
        var transaction = ClientTransaction.Start(relayed, to.Channel, _transactions, _time);
        var final = await transaction.Final;
        string answered;
        if (final is { StatusCode: >= 200 and < 300 })
        {
            var ack = to.Request("ACK", relayed.CSeq!.Value.Number);
            await to.Channel.SendAsync(ack.ToBytes());
            var answer = MessageBody.Find(MessageBody.Parts(final), "application/sdp") is { } a ? SdpOffer.Parse(a.Span) : null;
            var answerMedia = answer?.Media.FirstOrDefault(m => SideFormat.Choose(m) is not null);
            if (answerMedia is not null) toSide.Apply(answerMedia, to.Channel.Remote.Address, SideFormat.Choose(answerMedia)!);
            answered = answerMedia?.Direction ?? RelaySdp.Reverse(direction);
        }
        else
        {
            var code = final?.StatusCode ?? 408;
            _logger.LogInformation("SIP call {CallId}: re-INVITE refused by the other side with {Status}", call.Caller.CallId, code);
            if (final is not null) AcknowledgeReInviteFailure(to, relayed, final);
            await _finals.RespondAsync(request, SipResponses.Create(request, code, final?.Reason ?? "Request Timeout", fromCaller ? call.Caller.LocalTag : null), channel);
            return;
        }

        _logger.LogInformation("SIP call {CallId}: re-INVITE from the {Side} relayed ({Direction})", call.Caller.CallId, fromCaller ? "caller" : "target", direction);
        var response = SipResponses.Create(request, 200, "OK", fromCaller ? call.Caller.LocalTag : null);
        var us = MediaAddress(channel);
        response.Add(SipHeaderNames.Contact, LegDialog.Contact(us, _localPort()))
            .Add(SipHeaderNames.Allow, SipResponses.Allow)
            .Add(SipHeaderNames.ContentType, "application/sdp");
        response.Body = RelaySdp.Answer(us, call.SdpSessionId, fromCaller ? call.CallerSdpVersion++ : call.CalleeSdpVersion++, fromSide.Port, fromSide.Format!, answered);
        var bytes = response.ToBytes();
        if (fromCaller)
        {
            lock (call.Gate) call.CallerInviteCSeq = cseq;
            await SendToCallerAsync(call, response, final: true);
        }
        else
        {
            await channel.SendAsync(bytes);
        }
    }

    private static void AcknowledgeReInviteFailure(LegDialog to, SipMessage invite, SipMessage final)
    {
        var ack = SipMessage.Request("ACK", invite.RequestUri!);
        ack.Add(SipHeaderNames.Via, invite[SipHeaderNames.Via]!);
        ack.Add(SipHeaderNames.MaxForwards, "70");
        ack.Add(SipHeaderNames.From, invite[SipHeaderNames.From]!);
        ack.Add(SipHeaderNames.To, final[SipHeaderNames.To]!);
        ack.Add(SipHeaderNames.CallId, to.CallId);
        ack.Add(SipHeaderNames.CSeq, $"{Number(invite.CSeq!.Value.Number)} ACK");
        _ = to.Channel.SendAsync(ack.ToBytes()).AsTask();
    }
}
