using System.Globalization;

namespace RecAce.Plugin.Sip.Tests.Siprec;

/// <summary>
/// sipp as a SIPREC client (SRC): the INVITE carries the SDP offer of two labelled streams and the
/// RFC 7865 metadata in a multipart body, with <c>Require: siprec</c> and <c>+sip.src</c>.
/// </summary>
/// <remarks>
/// sipp's <c>[branch]</c> is made from the message's index in the scenario, so every request gets a
/// new one. A CANCEL and the ACK of a non-2xx final response must carry the INVITE's branch (RFC 3261
/// sections 9.1 and 17.1.1.3); <c>[branch-N]</c> gives the branch of the message N places before,
/// and the INVITE is always the scenario's first message (index 0), so N is the request's own index.
/// </remarks>
internal static class SiprecSippScenarios
{
    private const string Header = """<?xml version="1.0" encoding="UTF-8" ?>""";

    private const string From = "From: <sip:src@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]";

    private const string RequestUri = "sip:srs@[remote_ip]:[remote_port]";

    private static string Invite() => $$"""
          <send retrans="500"><![CDATA[

        INVITE {{RequestUri}} SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
        {{From}}
        To: <{{RequestUri}}>
        Call-ID: [call_id]
        CSeq: 1 INVITE
        Contact: <sip:src@[local_ip]:[local_port];transport=[transport]>;+sip.src
        Max-Forwards: 70
        Require: siprec
        Content-Type: multipart/mixed;boundary={{SipTestMessages.Boundary}}
        Content-Length: [len]

        --{{SipTestMessages.Boundary}}
        Content-Type: application/sdp

        v=0
        o=SRC 1 1 IN IP4 [local_ip]
        s=SIPREC
        c=IN IP4 [media_ip]
        t=0 0
        m=audio [media_port] RTP/AVP 0 101
        a=rtpmap:0 PCMU/8000
        a=rtpmap:101 telephone-event/8000
        a=label:1
        a=sendonly
        m=audio [media_port+2] RTP/AVP 0 101
        a=rtpmap:0 PCMU/8000
        a=rtpmap:101 telephone-event/8000
        a=label:2
        a=sendonly

        --{{SipTestMessages.Boundary}}
        Content-Type: application/rs-metadata+xml
        Content-Disposition: recording-session

        {{SipTestMessages.Metadata()}}
        --{{SipTestMessages.Boundary}}--

        ]]></send>
        """;

    /// <summary>CANCEL of the INVITE (RFC 3261 section 9.1): its Request-URI, Call-ID, From, To (no tag), CSeq number and branch.</summary>
    private static string Cancel(int index) => $"""
          <send><![CDATA[

        CANCEL {RequestUri} SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch-{index.ToString(CultureInfo.InvariantCulture)}]
        {From}
        To: <{RequestUri}>
        Call-ID: [call_id]
        CSeq: 1 CANCEL
        Max-Forwards: 70
        Content-Length: 0

        ]]></send>
        """;

    /// <summary>
    /// A response is taken only if its CSeq names this method: a 200 OK to the INVITE where the
    /// CANCEL's is expected fails the call. Every check assigns the same variable, as sipp refuses a
    /// scenario with a variable referenced only once, and every scenario has two checks or more. A
    /// response that never comes fails the call after 15 s, well before sipp's own time limit.
    /// </summary>
    private static string Recv(int status, string method) => $"""
          <recv response="{status.ToString(CultureInfo.InvariantCulture)}" timeout="15000">
            <action><ereg regexp="[0-9]+ {method}" search_in="hdr" header="CSeq:" check_it="true" assign_to="cseq" /></action>
          </recv>
        """;

    private static string Ack(string branch, string to) => $"""
          <send><![CDATA[

        ACK {RequestUri} SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch={branch}
        {From}
        {to}
        Call-ID: [call_id]
        CSeq: 1 ACK
        Max-Forwards: 70
        Content-Length: 0

        ]]></send>
        """;

    /// <summary>One second of the stream file on the first m-line, then BYE.</summary>
    private static string StreamThenBye(string streamFile) => $"""
          <nop><action><exec rtp_stream="{streamFile},1,0" /></action></nop>
          <pause milliseconds="2000" />
          <send retrans="500"><![CDATA[

        BYE {RequestUri} SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
        {From}
        To: <{RequestUri}>[peer_tag_param]
        Call-ID: [call_id]
        CSeq: 2 BYE
        Max-Forwards: 70
        Content-Length: 0

        ]]></send>
        {Recv(200, "BYE")}
        """;

    /// <summary>
    /// INVITE, 100 Trying (the recorder sends no 180; sipp refuses an optional recv before a pause), CANCEL after <paramref name="cancelAfterMs"/>, 200 OK to
    /// the CANCEL, 487 Request Terminated to the INVITE, ACK. Anything else (a 200 OK to the INVITE
    /// above all) is an unexpected message and fails the call, so sipp exits non-zero.
    /// </summary>
    public static string CancelBeforeAnswer(int cancelAfterMs = 1) => $"""
        {Header}
        <scenario name="siprec-cancel-before-answer">
        {Invite()}
          <recv response="100" />
          <pause milliseconds="{Math.Max(1, cancelAfterMs).ToString(CultureInfo.InvariantCulture)}" />
        {Cancel(index: 3)}
        {Recv(200, "CANCEL")}
        {Recv(487, "INVITE")}
        {Ack("[branch-6]", "[last_To:]")}
        </scenario>
        """;

    /// <summary>
    /// As <see cref="CancelBeforeAnswer"/>, but the ACK of the 487 is held back <paramref name="ackAfterMs"/>,
    /// then sipp waits <paramref name="quietMs"/>. sipp takes a resent 487 as a retransmission of the
    /// message it already has (it never satisfies a second recv) and absorbs it, so whether copies came
    /// before and after the ACK is read from its message log.
    /// </summary>
    public static string CancelThenAckLate(int ackAfterMs, int quietMs) => $"""
        {Header}
        <scenario name="siprec-cancel-ack-late">
        {Invite()}
          <recv response="100" />
          <pause milliseconds="1" />
        {Cancel(index: 3)}
        {Recv(200, "CANCEL")}
        {Recv(487, "INVITE")}
          <pause milliseconds="{ackAfterMs.ToString(CultureInfo.InvariantCulture)}" />
        {Ack("[branch-7]", "[last_To:]")}
          <pause milliseconds="{quietMs.ToString(CultureInfo.InvariantCulture)}" />
        </scenario>
        """;

    /// <summary>
    /// The CANCEL crosses the 200 OK: INVITE, 200 OK, CANCEL (before the ACK), 200 OK to the CANCEL
    /// (it has no effect, RFC 3261 section 9.2), ACK, a second of audio, BYE.
    /// </summary>
    public static string CancelAfterAnswer(string streamFile) => $"""
        {Header}
        <scenario name="siprec-cancel-after-answer">
        {Invite()}
          <recv response="100" optional="true" />
        {Recv(200, "INVITE")}
        {Cancel(index: 3)}
        {Recv(200, "CANCEL")}
        {Ack("[branch]", $"To: <{RequestUri}>[peer_tag_param]")}
        {StreamThenBye(streamFile)}
        </scenario>
        """;

    /// <summary>A whole SIPREC call: INVITE, 200 OK, ACK, a second of audio, BYE.</summary>
    public static string Call(string streamFile) => $"""
        {Header}
        <scenario name="siprec-call">
        {Invite()}
          <recv response="100" optional="true" />
        {Recv(200, "INVITE")}
        {Ack("[branch]", $"To: <{RequestUri}>[peer_tag_param]")}
        {StreamThenBye(streamFile)}
        </scenario>
        """;
}
