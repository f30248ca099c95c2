using System.Globalization;

namespace RecAce.Plugin.Capture.Tests.Packets;

/// <summary>The SIP messages of one call between a caller and a callee, with SDP at the given RTP ports.</summary>
internal sealed class SipDialog(string callId, string callerIp, ushort callerRtpPort, string calleeIp, ushort calleeRtpPort,
    string callerUser = "0312345678", string calleeUser = "1001")
{
    public string CallId => callId;

    public int ContentLengthOverride { get; set; } = -1;

    public static string Sdp(string ip, ushort port, string payloadTypes = "0 101", string? direction = null)
    {
        var family = ip.Contains(':', StringComparison.Ordinal) ? "IP6" : "IP4";
        return $"v=0\r\no=- 1 1 IN {family} {ip}\r\ns=-\r\nc=IN {family} {ip}\r\nt=0 0\r\nm=audio {port} RTP/AVP {payloadTypes}\r\n"
            + "a=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n" + (direction is null ? "" : $"a={direction}\r\n");
    }

    public string Invite(string? sdp = null, int cseq = 1) =>
        Request("INVITE", cseq, toTag: null, body: sdp ?? Sdp(callerIp, callerRtpPort));

    public string ReInviteFromCaller(string sdp, int cseq) => Request("INVITE", cseq, toTag: "callee-tag", body: sdp);

    public string Response(int status, string reason, string method = "INVITE", int cseq = 1, string? sdp = null, bool withToTag = true) =>
        $"SIP/2.0 {status} {reason}\r\nVia: SIP/2.0/UDP {callerIp}:5060;branch=z9hG4bK{cseq}\r\n"
        + $"From: \"Caller\" <sip:{callerUser}@{callerIp}>;tag=caller-tag\r\nTo: <sip:{calleeUser}@{calleeIp}>{(withToTag ? ";tag=callee-tag" : "")}\r\n"
        + $"Call-ID: {callId}\r\nCSeq: {cseq} {method}\r\n" + BodyPart(sdp);

    public string Ok(int cseq = 1, string? sdp = null) => Response(200, "OK", "INVITE", cseq, sdp ?? Sdp(calleeIp, calleeRtpPort));

    public string Ack(int cseq = 1) => Request("ACK", cseq, "callee-tag", null);

    public string Bye(int cseq = 2) => Request("BYE", cseq, "callee-tag", null);

    private string Request(string method, int cseq, string? toTag, string? body) =>
        $"{method} sip:{calleeUser}@{calleeIp} SIP/2.0\r\nVia: SIP/2.0/UDP {callerIp}:5060;branch=z9hG4bK{method}{cseq}\r\n"
        + $"From: \"Caller\" <sip:{callerUser}@{callerIp}>;tag=caller-tag\r\nTo: <sip:{calleeUser}@{calleeIp}>{(toTag is null ? "" : ";tag=" + toTag)}\r\n"
        + $"Call-ID: {callId}\r\nCSeq: {cseq} {method}\r\nMax-Forwards: 70\r\n" + BodyPart(body);

    private string BodyPart(string? body)
    {
        if (body is null) return "Content-Length: 0\r\n\r\n";
        var length = ContentLengthOverride >= 0 ? ContentLengthOverride : System.Text.Encoding.UTF8.GetByteCount(body);
        return $"Content-Type: application/sdp\r\nContent-Length: {length.ToString(CultureInfo.InvariantCulture)}\r\n\r\n{body}";
    }
}
