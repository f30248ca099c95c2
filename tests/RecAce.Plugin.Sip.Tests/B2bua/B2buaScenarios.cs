using System.Globalization;

namespace RecAce.Plugin.Sip.Tests.B2bua;

/// <summary>
/// sipp scenarios for the caller (UAC towards the recorder) and the callee (UAS behind it). The
/// SDP names a media port the test owns, so the test sends and receives the RTP itself.
/// </summary>
internal static class B2buaScenarios
{
    private static string Sdp(int port, string formats) => $"""
        v=0
        o=peer 1 1 IN IP4 127.0.0.1
        s=-
        c=IN IP4 127.0.0.1
        t=0 0
        m=audio {port.ToString(CultureInfo.InvariantCulture)} RTP/AVP {formats}
        """;

    private static string Rtpmaps(string formats) => string.Join("\n", formats.Split(' ').Select(f => f switch
    {
        "0" => "a=rtpmap:0 PCMU/8000",
        "8" => "a=rtpmap:8 PCMA/8000",
        "9" => "a=rtpmap:9 G722/8000",
        _ => "a=rtpmap:101 telephone-event/8000",
    }));

    private const string Header = """<?xml version="1.0" encoding="ISO-8859-1" ?>""";

    private static string Invite(int rtpPort, string formats) => $"""
          <send retrans="500"><![CDATA[
        INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
        From: "Citizen" <sip:0312345678@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
        To: <sip:[service]@[remote_ip]:[remote_port]>
        Call-ID: [call_id]
        CSeq: 1 INVITE
        Contact: <sip:0312345678@[local_ip]:[local_port]>
        P-Asserted-Identity: "Citizen" <sip:0312345678@127.0.0.1>
        Max-Forwards: 70
        Content-Type: application/sdp
        Content-Length: [len]

        {Sdp(rtpPort, formats)}
        {Rtpmaps(formats)}
        a=sendrecv

        ]]></send>
        """;

    private const string Ack = """
          <send><![CDATA[
        ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
        From: "Citizen" <sip:0312345678@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
        [last_To:]
        Call-ID: [call_id]
        CSeq: 1 ACK
        Max-Forwards: 70
        Content-Length: 0

        ]]></send>
        """;

    private const string FailureAck = """
          <send><![CDATA[
        ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
        [last_Via:]
        From: "Citizen" <sip:0312345678@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
        [last_To:]
        Call-ID: [call_id]
        CSeq: 1 ACK
        Max-Forwards: 70
        Content-Length: 0

        ]]></send>
        """;

    private const string ByeFromCaller = """
          <send retrans="500"><![CDATA[
        BYE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
        From: "Citizen" <sip:0312345678@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
        [last_To:]
        Call-ID: [call_id]
        CSeq: 3 BYE
        Max-Forwards: 70
        Content-Length: 0

        ]]></send>
          <recv response="200" crlf="true"/>
        """;

    private const string OkToRequest = """
          <send><![CDATA[
        SIP/2.0 200 OK
        [last_Via:]
        [last_From:]
        [last_To:]
        [last_Call-ID:]
        [last_CSeq:]
        Content-Length: 0

        ]]></send>
        """;

    /// <summary>The caller: INVITE, 200, ACK, talks for <paramref name="talkMs"/>, hangs up (or waits for the callee's BYE).</summary>
    public static string Caller(int rtpPort, string formats, int talkMs, bool calleeHangsUp = false, bool hold = false, bool earlyMedia = false) => $"""
        {Header}
        <scenario name="caller">
        {Invite(rtpPort, formats)}
          <recv response="100" optional="true"/>
          <recv response="180" optional="true"/>
          <recv response="183" optional="{(earlyMedia ? "false" : "true")}"/>
          <recv response="200" rtd="true"/>
        {Ack}
          <pause milliseconds="{talkMs.ToString(CultureInfo.InvariantCulture)}"/>
        {(hold ? Hold(rtpPort, formats) : string.Empty)}
        {(calleeHangsUp ? "<recv request=\"BYE\"/>\n" + OkToRequest : ByeFromCaller)}
        </scenario>
        """;

    private static string Hold(int rtpPort, string formats) => $"""
          <send retrans="500"><![CDATA[
        INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
        From: "Citizen" <sip:0312345678@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
        [last_To:]
        Call-ID: [call_id]
        CSeq: 2 INVITE
        Contact: <sip:0312345678@[local_ip]:[local_port]>
        Max-Forwards: 70
        Content-Type: application/sdp
        Content-Length: [len]

        {Sdp(rtpPort, formats)}
        {Rtpmaps(formats)}
        a=sendonly

        ]]></send>
          <recv response="100" optional="true"/>
          <recv response="200">
            <action><ereg regexp="a=recvonly" search_in="body" check_it="true" assign_to="held"/></action>
          </recv>
          <Reference variables="held"/>
          <send><![CDATA[
        ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
        From: "Citizen" <sip:0312345678@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
        [last_To:]
        Call-ID: [call_id]
        CSeq: 2 ACK
        Max-Forwards: 70
        Content-Length: 0

        ]]></send>
          <pause milliseconds="300"/>
        """;

    /// <summary>The caller gives up while the callee rings: INVITE, 180, CANCEL, 200, 487, ACK.</summary>
    public static string CallerCancels(int rtpPort) => $"""
        {Header}
        <scenario name="caller-cancels">
        {Invite(rtpPort, "0")}
          <recv response="100" optional="true"/>
          <recv response="180"/>
          <pause milliseconds="500"/>
          <send><![CDATA[
        CANCEL sip:[service]@[remote_ip]:[remote_port] SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
        From: "Citizen" <sip:0312345678@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
        To: <sip:[service]@[remote_ip]:[remote_port]>
        Call-ID: [call_id]
        CSeq: 1 CANCEL
        Max-Forwards: 70
        Content-Length: 0

        ]]></send>
          <recv response="200"/>
          <recv response="487"/>
        {FailureAck}
        </scenario>
        """;

    /// <summary>The caller of a call the callee refuses: INVITE, the status expected, ACK.</summary>
    public static string CallerRefused(int rtpPort, int status) => $"""
        {Header}
        <scenario name="caller-refused">
        {Invite(rtpPort, "0")}
          <recv response="100" optional="true"/>
          <recv response="180" optional="true"/>
          <recv response="{status.ToString(CultureInfo.InvariantCulture)}"/>
        {FailureAck}
        </scenario>
        """;

    /// <summary>
    /// As <see cref="CallerRefused"/>, but the ACK is held back <paramref name="ackAfterMs"/> and
    /// sipp then waits <paramref name="quietMs"/>: the resends of the final response show in its log.
    /// </summary>
    public static string CallerRefusedAckLate(int rtpPort, int status, int ackAfterMs, int quietMs) => $"""
        {Header}
        <scenario name="caller-refused-ack-late">
        {Invite(rtpPort, "0")}
          <recv response="100" optional="true"/>
          <recv response="180" optional="true"/>
          <recv response="{status.ToString(CultureInfo.InvariantCulture)}"/>
          <pause milliseconds="{ackAfterMs.ToString(CultureInfo.InvariantCulture)}"/>
        {FailureAck}
          <pause milliseconds="{quietMs.ToString(CultureInfo.InvariantCulture)}"/>
        </scenario>
        """;

    private const string CalleeRinging = """
          <recv request="INVITE" crlf="true">
            <action>
              <ereg regexp="P-Asserted-Identity: .*0312345678" search_in="msg" check_it="true" assign_to="pai"/>
              <ereg regexp="From: .*0312345678" search_in="msg" check_it="true" assign_to="from"/>
              <ereg regexp=".*" search_in="hdr" header="From:" assign_to="remote_from"/>
              <ereg regexp="sip:recace@[0-9.]+:[0-9]+" search_in="hdr" header="Contact:" assign_to="remote_contact"/>
            </action>
          </recv>
          <Reference variables="pai,from,remote_contact,remote_from"/>
          <send><![CDATA[
        SIP/2.0 180 Ringing
        [last_Via:]
        [last_From:]
        [last_To:];tag=[pid]SIPpTag01[call_number]
        [last_Call-ID:]
        [last_CSeq:]
        Content-Length: 0

        ]]></send>
        """;

    /// <summary>The callee: rings, answers in <paramref name="formats"/>, then waits for BYE or hangs up itself.</summary>
    public static string Callee(int rtpPort, string formats, bool hangsUpAfterMs = false, int talkMs = 1000, bool expectHold = false) => $"""
        {Header}
        <scenario name="callee">
        {CalleeRinging}
          <send retrans="500"><![CDATA[
        SIP/2.0 200 OK
        [last_Via:]
        [last_From:]
        [last_To:];tag=[pid]SIPpTag01[call_number]
        [last_Call-ID:]
        [last_CSeq:]
        Contact: <sip:callee@[local_ip]:[local_port]>
        Content-Type: application/sdp
        Content-Length: [len]

        {Sdp(rtpPort, formats)}
        {Rtpmaps(formats)}
        a=sendrecv

        ]]></send>
          <recv request="ACK" crlf="true"/>
        {(expectHold ? CalleeHold(rtpPort, formats) : string.Empty)}
        {(hangsUpAfterMs ? CalleeBye(talkMs) : "<recv request=\"BYE\"/>\n" + OkToRequest)}
        </scenario>
        """;

    private static string CalleeHold(int rtpPort, string formats) => $"""
          <recv request="INVITE">
            <action><ereg regexp="a=sendonly" search_in="body" check_it="true" assign_to="held"/></action>
          </recv>
          <Reference variables="held"/>
          <send retrans="500"><![CDATA[
        SIP/2.0 200 OK
        [last_Via:]
        [last_From:]
        [last_To:]
        [last_Call-ID:]
        [last_CSeq:]
        Contact: <sip:callee@[local_ip]:[local_port]>
        Content-Type: application/sdp
        Content-Length: [len]

        {Sdp(rtpPort, formats)}
        {Rtpmaps(formats)}
        a=recvonly

        ]]></send>
          <recv request="ACK" crlf="true"/>
        """;

    private static string CalleeBye(int talkMs) => $"""
          <pause milliseconds="{talkMs.ToString(CultureInfo.InvariantCulture)}"/>
          <send retrans="500"><![CDATA[
        BYE [$remote_contact] SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
        From: <sip:callee@[local_ip]:[local_port]>;tag=[pid]SIPpTag01[call_number]
        To:[$remote_from]
        Call-ID: [call_id]
        CSeq: 1 BYE
        Max-Forwards: 70
        Content-Length: 0

        ]]></send>
          <recv response="200"/>
        """;

    /// <summary>The callee refuses with a status (486 busy) after ringing.</summary>
    public static string CalleeRefuses(int status) => $"""
        {Header}
        <scenario name="callee-refuses">
        {CalleeRinging}
          <send><![CDATA[
        SIP/2.0 {status.ToString(CultureInfo.InvariantCulture)} Busy Here
        [last_Via:]
        [last_From:]
        [last_To:];tag=[pid]SIPpTag01[call_number]
        [last_Call-ID:]
        [last_CSeq:]
        Content-Length: 0

        ]]></send>
          <recv request="ACK"/>
        </scenario>
        """;

    /// <summary>The callee rings until cancelled: 180, CANCEL, 200, 487, ACK.</summary>
    public static string CalleeCancelled() => $"""
        {Header}
        <scenario name="callee-cancelled">
        {CalleeRinging}
          <recv request="CANCEL"/>
        {OkToRequest}
          <send><![CDATA[
        SIP/2.0 487 Request Terminated
        [last_Via:]
        [last_From:]
        [last_To:];tag=[pid]SIPpTag01[call_number]
        [last_Call-ID:]
        CSeq: 1 INVITE
        Content-Length: 0

        ]]></send>
          <recv request="ACK"/>
        </scenario>
        """;
}
