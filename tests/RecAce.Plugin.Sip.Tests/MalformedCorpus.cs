using System.Text;

namespace RecAce.Plugin.Sip.Tests;

/// <summary>Malformed and hostile SIP input; each must get a 4xx or be dropped with one log line.</summary>
internal static class MalformedCorpus
{
    private const string Dtd = """<?xml version="1.0"?><!DOCTYPE recording [<!ELEMENT recording ANY>]><recording xmlns='urn:ietf:params:xml:ns:recording:1'/>""";

    private const string ExternalEntity = """<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><recording xmlns='urn:ietf:params:xml:ns:recording:1'><participant participant_id="P1"><nameID aor="sip:a@b"><name>&xxe;</name></nameID></participant></recording>""";

    private const string BillionLaughs = """<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]><recording xmlns='urn:ietf:params:xml:ns:recording:1'>&lol4;</recording>""";

    public static IEnumerable<(string Name, byte[] Bytes)> All()
    {
        var valid = SipTestMessages.SiprecInvite("bad-x@src");
        var bytes = Encoding.UTF8.GetBytes(valid);
        yield return ("empty", []);
        yield return ("garbage", [0x00, 0xFF, 0x13, 0x37, 0x0D, 0x0A]);
        yield return ("truncated in headers", bytes[..200]);
        yield return ("truncated in body", bytes[..(bytes.Length - 300)]);
        yield return ("Content-Length too large", Encoding.UTF8.GetBytes(valid.Replace("l: ", "l: 9", StringComparison.Ordinal)));
        yield return ("Content-Length not a number", Encoding.UTF8.GetBytes(valid.Replace("l: ", "l: x", StringComparison.Ordinal)));
        yield return ("oversized header", Encoding.UTF8.GetBytes(valid.Replace("Max-Forwards: 70", "X-Junk: " + new string('a', 20000) + "\r\nMax-Forwards: 70", StringComparison.Ordinal)));
        yield return ("too many headers", Encoding.UTF8.GetBytes(valid.Replace("Max-Forwards: 70", string.Concat(Enumerable.Range(0, 200).Select(i => $"X-H{i}: {i}\r\n")) + "Max-Forwards: 70", StringComparison.Ordinal)));
        var invalidUtf8 = Encoding.UTF8.GetBytes(valid.Replace("f: <sip:src", "f: \"XX\" <sip:src", StringComparison.Ordinal));
        var at = Encoding.UTF8.GetString(invalidUtf8).IndexOf("XX", StringComparison.Ordinal);
        invalidUtf8[at] = 0xC3;
        invalidUtf8[at + 1] = 0x28;
        yield return ("invalid UTF-8", invalidUtf8);
        yield return ("missing Call-ID", Encoding.UTF8.GetBytes(valid.Replace("i: bad-x@src\r\n", string.Empty, StringComparison.Ordinal)));
        yield return ("missing CSeq", Encoding.UTF8.GetBytes(valid.Replace("CSeq: 1 INVITE\r\n", string.Empty, StringComparison.Ordinal)));
        yield return ("CSeq method mismatch", Encoding.UTF8.GetBytes(valid.Replace("CSeq: 1 INVITE", "CSeq: 1 BYE", StringComparison.Ordinal)));
        yield return ("bad start line", Encoding.UTF8.GetBytes(valid.Replace("INVITE sip:srs@127.0.0.1 SIP/2.0", "INVITE sip:srs@127.0.0.1 SIP/3.0", StringComparison.Ordinal)));
        yield return ("header without colon", Encoding.UTF8.GetBytes(valid.Replace("Max-Forwards: 70", "Max-Forwards 70", StringComparison.Ordinal)));
        yield return ("unknown Require", Encoding.UTF8.GetBytes(valid.Replace("Require: siprec", "Require: siprec, frobnicate", StringComparison.Ordinal)));
        yield return ("XML with DTD", Encoding.UTF8.GetBytes(SipTestMessages.SiprecInvite("bad-dtd@src", Dtd)));
        yield return ("XML external entity", Encoding.UTF8.GetBytes(SipTestMessages.SiprecInvite("bad-xxe@src", ExternalEntity)));
        yield return ("XML billion laughs", Encoding.UTF8.GetBytes(SipTestMessages.SiprecInvite("bad-lol@src", BillionLaughs)));
        yield return ("XML not well formed", Encoding.UTF8.GetBytes(SipTestMessages.SiprecInvite("bad-xml@src", "<recording xmlns='urn:ietf:params:xml:ns:recording:1'><participant>")));
        yield return ("SDP not SDP", Encoding.UTF8.GetBytes(SipTestMessages.SiprecInvite("bad-sdp@src", sdp: "hello\r\n")));
    }
}
