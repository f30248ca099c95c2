using System.Text;

namespace RecAce.Plugin.Sip.Tests;

/// <summary>SIP messages as SRCs and gateways send them, for feeding the server.</summary>
internal static class SipTestMessages
{
    public const string Boundary = "foobar";

    public static string Metadata(string ns = "urn:ietf:params:xml:ns:recording:1", string outside = "0312345678", string staff = "201", string staffName = "山田 花子") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <recording xmlns='{ns}'>
          <datamode>complete</datamode>
          <session session_id="U2Vzc2lvbjE=">
            <sipSessionID>ab30317f1a784dc48ff824d0d3715d86;remote=47755a9de7794ba387653f2099600ef2</sipSessionID>
          </session>
          <participant participant_id="P1">
            <nameID aor="sip:{outside}@example.jp"><name xml:lang="ja">佐藤 太郎</name></nameID>
          </participant>
          <participant participant_id="P2">
            <nameID aor="sip:{staff}@cityhall.example.jp"><name xml:lang="ja">{staffName}</name></nameID>
          </participant>
          <stream stream_id="S1" session_id="U2Vzc2lvbjE="><label>1</label></stream>
          <stream stream_id="S2" session_id="U2Vzc2lvbjE="><label>2</label></stream>
          <participantstreamassoc participant_id="P1"><send>S1</send><recv>S2</recv></participantstreamassoc>
          <participantstreamassoc participant_id="P2"><send>S2</send><recv>S1</recv></participantstreamassoc>
        </recording>
        """;

    public static string Sdp(int port1 = 30000, int port2 = 30002, string codec = "0 101", string rtpmap = "a=rtpmap:0 PCMU/8000") => $"""
        v=0
        o=SRC 1 1 IN IP4 127.0.0.1
        s=-
        c=IN IP4 127.0.0.1
        t=0 0
        m=audio {port1} RTP/AVP {codec}
        {rtpmap}
        a=rtpmap:101 telephone-event/8000
        a=label:1
        a=sendonly
        m=audio {port2} RTP/AVP {codec}
        {rtpmap}
        a=rtpmap:101 telephone-event/8000
        a=label:2
        a=sendonly
        """.Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n";

    public static string SiprecInvite(string callId = "call-1@src", string? metadata = null, string? sdp = null, int cseq = 1, string? toTag = null, string method = "INVITE")
    {
        var body = $"--{Boundary}\r\nContent-Type: application/sdp\r\n\r\n{sdp ?? Sdp()}\r\n--{Boundary}\r\nContent-Type: application/rs-metadata+xml\r\nContent-Disposition: recording-session\r\n\r\n{metadata ?? Metadata()}\r\n--{Boundary}--\r\n";
        var to = toTag is null ? "<sip:srs@127.0.0.1>" : $"<sip:srs@127.0.0.1>;tag={toTag}";
        return $"{method} sip:srs@127.0.0.1 SIP/2.0\r\n" +
               $"v: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-{callId.GetHashCode(StringComparison.Ordinal):x}-{cseq}\r\n" +
               "Max-Forwards: 70\r\n" +
               "f: <sip:src@127.0.0.1>;tag=src1\r\n" +
               $"t: {to}\r\n" +
               $"i: {callId}\r\n" +
               $"CSeq: {cseq} {method}\r\n" +
               "m: <sip:src@127.0.0.1:5070>;+sip.src\r\n" +
               "Require: siprec\r\n" +
               $"c: multipart/mixed;boundary={Boundary}\r\n" +
               $"l: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n" + body;
    }

    public static string Simple(string method, string callId = "call-1@src", int cseq = 2, string? toTag = null)
    {
        var to = toTag is null ? "<sip:srs@127.0.0.1>" : $"<sip:srs@127.0.0.1>;tag={toTag}";
        return $"{method} sip:srs@127.0.0.1 SIP/2.0\r\n" +
               $"Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-{method}-{cseq}\r\n" +
               "Max-Forwards: 70\r\n" +
               "From: <sip:src@127.0.0.1>;tag=src1\r\n" +
               $"To: {to}\r\n" +
               $"Call-ID: {callId}\r\n" +
               $"CSeq: {cseq} {method}\r\n" +
               "Content-Length: 0\r\n\r\n";
    }
}
