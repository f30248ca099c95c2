using System.Globalization;
using RecAce.Plugin.Sip.Messages;

namespace RecAce.Plugin.Sip.Calls;

/// <summary>Builds responses that copy what RFC 3261 section 8.2.6.2 says to copy from the request.</summary>
internal static class SipResponses
{
    public const string Allow = "INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE, INFO";

    public static SipMessage Create(SipMessage request, int code, string reason, string? toTag = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = SipMessage.Response(code, reason);
        foreach (var via in request.Headers.Where(h => h.Name == SipHeaderNames.Via)) response.Add(SipHeaderNames.Via, via.Value);
        if (request[SipHeaderNames.From] is { } from) response.Add(SipHeaderNames.From, from);
        if (request[SipHeaderNames.To] is { } to)
        {
            var needsTag = toTag is not null && code > 100 && HeaderValues.Parameter(to, "tag") is null;
            response.Add(SipHeaderNames.To, needsTag ? $"{to};tag={toTag}" : to);
        }

        if (request.CallId is { } callId) response.Add(SipHeaderNames.CallId, callId);
        if (request[SipHeaderNames.CSeq] is { } cseq) response.Add(SipHeaderNames.CSeq, cseq);
        response.Add(SipHeaderNames.Server, "RecAce");
        return response;
    }

    public static SipMessage WithRetryAfter(SipMessage response, int seconds) =>
        response.Add(SipHeaderNames.RetryAfter, seconds.ToString(CultureInfo.InvariantCulture));
}
