using System.Globalization;

namespace RecAce.Web.Tests.EndToEnd.Sip;

/// <summary>Fills the SIPREC client scenario for one test: codec, metadata, media and how the call ends.</summary>
internal static class SippScenario
{
    public static string Metadata(string outside, string outsideName, string staff, string staffName) =>
        Metadata(outside, outsideName, staff, staffName, "1", "2");

    /// <param name="outsideLabel">The <c>a=label</c> of the outside party's stream.</param>
    /// <param name="staffLabel">The <c>a=label</c> of the staff member's stream.</param>
    public static string Metadata(string outside, string outsideName, string staff, string staffName, string outsideLabel, string staffLabel) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <recording xmlns='urn:ietf:params:xml:ns:recording:1'>
        <datamode>complete</datamode>
        <session session_id="c2lwcC1zZXNzaW9u"><sipSessionID>sipp-[call_id]</sipSessionID></session>
        <participant participant_id="P1"><nameID aor="sip:{outside}@example.jp"><name xml:lang="ja">{outsideName}</name></nameID></participant>
        <participant participant_id="P2"><nameID aor="sip:{staff}@cityhall.example.jp"><name xml:lang="ja">{staffName}</name></nameID></participant>
        <stream stream_id="S1" session_id="c2lwcC1zZXNzaW9u"><label>{outsideLabel}</label></stream>
        <stream stream_id="S2" session_id="c2lwcC1zZXNzaW9u"><label>{staffLabel}</label></stream>
        <participantstreamassoc participant_id="P1"><send>S1</send><recv>S2</recv></participantstreamassoc>
        <participantstreamassoc participant_id="P2"><send>S2</send><recv>S1</recv></participantstreamassoc>
        </recording>
        """;

    /// <summary>rtp_stream of a headerless G.711 file on the first m-line, then a pause as long as the audio.</summary>
    public static string StreamAndWait(string rawFile, int payloadType, TimeSpan length) =>
        $"<nop><action><exec rtp_stream=\"{rawFile},1,{payloadType}\" /></action></nop>\n" + Pause(length);

    /// <summary>play_pcap_audio of an RTP capture on the first m-line (any codec), then a pause as long as the audio.</summary>
    public static string PlayPcapAndWait(string pcapFile, TimeSpan length) =>
        $"<nop><action><exec play_pcap_audio=\"{pcapFile}\" /></action></nop>\n" + Pause(length);

    public static string Pause(TimeSpan length) =>
        string.Create(CultureInfo.InvariantCulture, $"<pause milliseconds=\"{(int)length.TotalMilliseconds}\" />");

    public const string Bye = """
          <send retrans="500">
            <![CDATA[

              BYE sip:srs@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: <sip:src@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: <sip:srs@[remote_ip]:[remote_port]>[peer_tag_param]
              Call-ID: [call_id]
              CSeq: 3 BYE
              Max-Forwards: 70
              Content-Length: 0

            ]]>
          </send>
          <recv response="200" crlf="true" />
        """;

    /// <summary>The source never sends BYE: the recorder's BYE after its RTP timeout is answered.</summary>
    public const string AwaitByeFromRecorder = """
          <recv request="BYE" timeout="30000" />
          <send>
            <![CDATA[

              SIP/2.0 200 OK
              [last_Via:]
              [last_From:]
              [last_To:]
              [last_Call-ID:]
              [last_CSeq:]
              Content-Length: 0

            ]]>
          </send>
        """;

    /// <summary>A re-INVITE that keeps the streams and sends new metadata (a transfer to another staff member).</summary>
    public static string ReInvite(string codec, int payloadType, string metadata) => $$"""
          <send retrans="500">
            <![CDATA[

              INVITE sip:srs@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: <sip:src@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: <sip:srs@[remote_ip]:[remote_port]>[peer_tag_param]
              Call-ID: [call_id]
              CSeq: 2 INVITE
              Contact: <sip:src@[local_ip]:[local_port];transport=[transport]>;+sip.src
              Max-Forwards: 70
              Require: siprec
              Content-Type: multipart/mixed;boundary=RecAceBoundary
              Content-Length: [len]

              --RecAceBoundary
              Content-Type: application/sdp

              v=0
              o=SRC 1 2 IN IP[local_ip_type] [local_ip]
              s=SIPREC
              c=IN IP[media_ip_type] [media_ip]
              t=0 0
              m=audio [media_port] RTP/AVP {{payloadType}} 101
              a=rtpmap:{{payloadType}} {{codec}}/8000
              a=rtpmap:101 telephone-event/8000
              a=label:1
              a=sendonly
              m=audio [media_port+2] RTP/AVP {{payloadType}} 101
              a=rtpmap:{{payloadType}} {{codec}}/8000
              a=rtpmap:101 telephone-event/8000
              a=label:2
              a=sendonly

              --RecAceBoundary
              Content-Type: application/rs-metadata+xml
              Content-Disposition: recording-session

              {{metadata}}
              --RecAceBoundary--

            ]]>
          </send>
          <recv response="100" optional="true" />
          <recv response="200" />
          <send>
            <![CDATA[

              ACK sip:srs@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: <sip:src@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: <sip:srs@[remote_ip]:[remote_port]>[peer_tag_param]
              Call-ID: [call_id]
              CSeq: 2 ACK
              Max-Forwards: 70
              Content-Length: 0

            ]]>
          </send>
        """;

    /// <summary>The SIPREC client scenario with an SDP offer made elsewhere (an SBC's media fork) in place of sipp's own.</summary>
    public static string FillWithOffer(string sdp, string metadata, string media, string ending)
    {
        var template = Fill("PCMU", 0, metadata, media, ending);
        var start = template.IndexOf("v=0", StringComparison.Ordinal);
        var end = template.IndexOf("--RecAceBoundary", start, StringComparison.Ordinal);
        return template[..start] + sdp.ReplaceLineEndings("\n").Trim() + "\n\n" + template[end..];
    }

    public static string Fill(string codec, int payloadType, string metadata, string media, string ending)
    {
        var template = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "EndToEnd", "Sip", "siprec-uac.xml"));
        return template
            .Replace("{{pt}}", payloadType.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{codec}}", codec, StringComparison.Ordinal)
            .Replace("{{metadata}}", metadata, StringComparison.Ordinal)
            .Replace("{{media}}", media, StringComparison.Ordinal)
            .Replace("{{ending}}", ending, StringComparison.Ordinal);
    }
}
