using System.Text;
using RecAce.Plugin.Sip.Messages;

namespace RecAce.Plugin.Sip.Tests;

public sealed class SipParserTests
{
    [Fact]
    public void Parse_CompactFoldedAndMultipleVia_ExpandsNamesUnfoldsAndKeepsViaOrder()
    {
        var text = "OPTIONS sip:srs@127.0.0.1 SIP/2.0\r\n" +
                   "v: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1, SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK2\r\n" +
                   "Via: SIP/2.0/TCP 10.0.0.3;branch=z9hG4bK3\r\n" +
                   "f: \"Src, Inc\" <sip:src@10.0.0.1>;tag=a\r\n" +
                   "t: <sip:srs@127.0.0.1>\r\n" +
                   "i: abc@10.0.0.1\r\n" +
                   "CSeq: 7\r\n   OPTIONS\r\n" +
                   "Subject: first\r\n\tsecond\r\n" +
                   "l: 0\r\n\r\n";
        var result = SipParser.Parse(Encoding.UTF8.GetBytes(text), 16384);

        Assert.True(result.IsValid, result.Error);
        var m = result.Message!;
        Assert.Equal("OPTIONS", m.Method);
        Assert.Equal("abc@10.0.0.1", m.CallId);
        Assert.Equal((7u, "OPTIONS"), m.CSeq);
        Assert.Equal("first second", m["Subject"]);
        Assert.Equal(["SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1", "SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK2", "SIP/2.0/TCP 10.0.0.3;branch=z9hG4bK3"], m.All("Via"));
        var from = NameAddress.Parse(m["From"]);
        Assert.Equal("Src, Inc", from!.DisplayName);
        Assert.Equal("a", from.Tag);
        Assert.Equal("src", from.User);
    }

    [Fact]
    public void ToBytes_ParsedMessage_RoundTripsWithMatchingContentLength()
    {
        var original = SipParser.Parse(Encoding.UTF8.GetBytes(SipTestMessages.SiprecInvite()), 16384).Message!;
        var again = SipParser.Parse(original.ToBytes(), 16384);

        Assert.True(again.IsValid, again.Error);
        Assert.Equal(original.Body.ToArray(), again.Message!.Body.ToArray());
        Assert.Equal(original.Headers.Count, again.Message.Headers.Count);
        Assert.Equal("Content-Length", again.Message.Headers[^1].Name);
    }

    [Fact]
    public void Parse_Response_ReadsStatusAndReason()
    {
        var text = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:b@h>;tag=2\r\nCall-ID: x\r\nCSeq: 1 BYE\r\nContent-Length: 0\r\n\r\n";
        var result = SipParser.Parse(Encoding.UTF8.GetBytes(text), 16384);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(200, result.Message!.StatusCode);
        Assert.False(result.Message.IsRequest);
    }

    [Fact]
    public void Parts_MultipartSiprecBody_YieldsSdpAndMetadata()
    {
        var m = SipParser.Parse(Encoding.UTF8.GetBytes(SipTestMessages.SiprecInvite()), 16384).Message!;
        var parts = MessageBody.Parts(m);

        Assert.Equal(["application/sdp", "application/rs-metadata+xml"], parts.Select(p => p.MediaType));
        Assert.StartsWith("v=0", Encoding.UTF8.GetString(parts[0].Content.Span), StringComparison.Ordinal);
        Assert.EndsWith("</recording>", Encoding.UTF8.GetString(parts[1].Content.Span).TrimEnd(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<sip:0312345678@example.jp;user=phone>;tag=9", "0312345678")]
    [InlineData("tel:+81312345678", "+81312345678")]
    [InlineData("\"受付\" <sip:201@pbx>", "201")]
    [InlineData("sip:%32%30%31@pbx;tag=1", "201")]
    public void User_NameAddressForms_ReturnsUserPart(string value, string expected) =>
        Assert.Equal(expected, NameAddress.Parse(value)!.User);
}
