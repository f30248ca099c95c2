using RecAce.Plugin.Capture.Net;
using RecAce.Plugin.Capture.Sip;
using RecAce.Plugins;

namespace RecAce.Plugin.Capture.Tests;

public sealed class SdpParserTests
{
    [Fact]
    public void Parse_SessionAndMediaConnection_MediaLevelWins()
    {
        var media = SdpParser.Parse("v=0\r\nc=IN IP4 192.0.2.1\r\nm=audio 4000 RTP/AVP 0 96\r\nc=IN IP4 192.0.2.9\r\na=rtpmap:96 L16/16000\r\na=sendonly\r\nm=video 0 RTP/AVP 31\r\n");
        Assert.Equal(2, media.Count);
        Assert.Equal(IpAddressKey.From(System.Net.IPAddress.Parse("192.0.2.9")), media[0].Address);
        Assert.Equal(4000, media[0].Port);
        Assert.Equal("sendonly", media[0].Direction);
        Assert.Equal(new RtpMap("L16", 16000, 1), media[0].RtpMaps[96]);
        Assert.Equal(AudioCodec.L16, PayloadKind.Resolve(96, media[0].RtpMaps[96]).Codec);
    }

    [Fact]
    public void Parse_HoldWithZeroAddress_NoAddress()
    {
        var media = Assert.Single(SdpParser.Parse("c=IN IP4 0.0.0.0\nm=audio 4000 RTP/AVP 8\n"));
        Assert.Null(media.Address);
    }

    [Fact]
    public void Parse_Ipv6_Address()
    {
        var media = Assert.Single(SdpParser.Parse("m=audio 5004 RTP/SAVP 0\r\nc=IN IP6 2001:db8::1\r\n"));
        Assert.Equal("2001:db8::1", media.Address!.Value.ToString());
        Assert.Equal("RTP/SAVP", media.Protocol);
    }

    [Theory]
    [InlineData(0, null, (int)PayloadCategory.Audio)]
    [InlineData(8, null, (int)PayloadCategory.Audio)]
    [InlineData(9, null, (int)PayloadCategory.Audio)]
    [InlineData(13, null, (int)PayloadCategory.ComfortNoise)]
    [InlineData(18, null, (int)PayloadCategory.Unsupported)]
    [InlineData(111, "opus", (int)PayloadCategory.Unsupported)]
    [InlineData(101, "telephone-event", (int)PayloadCategory.TelephoneEvent)]
    [InlineData(99, null, (int)PayloadCategory.Unknown)]
    public void Resolve_PayloadTypes_Category(int payloadType, string? encoding, int expected) =>
        Assert.Equal(expected, PayloadKind.Resolve(payloadType, encoding is null ? null : new RtpMap(encoding.ToUpperInvariant(), 8000, 1)).Category == (PayloadCategory)expected ? expected : -1);
}
