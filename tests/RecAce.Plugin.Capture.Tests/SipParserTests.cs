using System.Text;
using RecAce.Plugin.Capture.Sip;

namespace RecAce.Plugin.Capture.Tests;

public sealed class SipParserTests
{
    [Fact]
    public void Parse_CompactHeadersBareLineFeedsAndFolding_Understood()
    {
        const string text = "INVITE sip:1001@pbx SIP/2.0\nv: SIP/2.0/UDP a\ni: abc@host\nf: \"山田\" <sip:0312345678@gw;user=phone>\n ;tag=ft\nt: sip:1001@pbx\nCSeq: 7 invite\nc: application/sdp\nl: 4\n\nv=0\r\nextra";
        var message = SipParser.Parse(Encoding.UTF8.GetBytes(text));
        Assert.NotNull(message);
        Assert.True(message.IsRequest);
        Assert.Equal("INVITE", message.Method);
        Assert.Equal("abc@host", message.CallId);
        Assert.Equal("0312345678", message.From.User);
        Assert.Equal("山田", message.From.DisplayName);
        Assert.Equal("ft", message.From.Tag);
        Assert.Equal("1001", message.To.User);
        Assert.Null(message.To.Tag);
        Assert.Equal(7, message.CSeq);
        Assert.Equal("INVITE", message.CSeqMethod);
        Assert.Equal("v=0\r", message.Body);
    }

    [Fact]
    public void Parse_StatusLine_CodeAndCSeqMethod()
    {
        var message = SipParser.Parse("SIP/2.0 486 Busy Here\r\nCall-ID: x\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n"u8);
        Assert.NotNull(message);
        Assert.False(message.IsRequest);
        Assert.Equal(486, message.StatusCode);
        Assert.Equal("2", message.To.Tag);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("SIP/2.0 abc Bad\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n\r\n")]
    [InlineData("INVITE sip:a SIP/2.0\r\nFrom: x\r\n\r\n")]
    [InlineData("")]
    public void Parse_NotSipOrMissingCallId_Null(string text) =>
        Assert.Null(SipParser.Parse(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void ParseNameAddress_TelUriWithoutAngleBrackets_UserAndTag() =>
        Assert.Equal(new SipNameAddress("+81312345678", null, "t1"), SipParser.ParseNameAddress("tel:+81312345678;tag=t1"));

    [Fact]
    public void TryFrame_TwoMessagesAndPartialThird_FramesByContentLength()
    {
        var one = "BYE sip:a SIP/2.0\r\nCall-ID: 1\r\nCSeq: 2 BYE\r\nContent-Length: 3\r\n\r\nabc";
        var bytes = Encoding.ASCII.GetBytes("\r\n" + one + one + "INVITE sip:a SIP/2.0\r\nl: 10\r\n\r\nabc");
        var length = SipFraming.TryFrame(bytes, out var skip);
        Assert.Equal(2, skip);
        Assert.Equal(one.Length, length);
        var rest = bytes.AsSpan(skip + length + one.Length);
        Assert.Equal(0, SipFraming.TryFrame(rest, out _));
    }
}
