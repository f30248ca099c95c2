using System.Net;
using System.Text;
using System.Xml;
using RecAce.Plugin.Sip.Calls;
using RecAce.Plugin.Sip.Sdp;
using RecAce.Plugin.Sip.Siprec;
using RecAce.Plugins;

namespace RecAce.Plugin.Sip.Tests;

public sealed class SdpAndMetadataTests
{
    [Fact]
    public void Parse_SiprecOffer_ReadsTwoLabelledStreamsWithFormats()
    {
        var offer = SdpOffer.Parse(Encoding.UTF8.GetBytes(SipTestMessages.Sdp(4000, 4002, "8 0 9 101", "a=rtpmap:8 PCMA/8000")))!;

        Assert.Equal(2, offer.Media.Count);
        Assert.Equal(["1", "2"], offer.Media.Select(m => m.Label));
        Assert.Equal(IPAddress.Loopback, offer.Media[0].Address);
        Assert.Equal(4002, offer.Media[1].Port);
        Assert.Equal("sendonly", offer.Media[0].Direction);
        var accepted = MediaFormat.Accepted(offer.Media[0])!;
        Assert.Equal(["PCMA", "PCMU", "G722", "TELEPHONE-EVENT"], accepted.Values);
    }

    [Fact]
    public void Write_Answer_IsRecvonlyWithLabelsAndRejectsUnusableStreams()
    {
        var sdp = SipTestMessages.Sdp() + "m=video 5000 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n";
        var offer = SdpOffer.Parse(Encoding.UTF8.GetBytes(sdp))!;
        var answered = offer.Media.Select((m, i) => new SdpAnswer.AnsweredMedia(m, i < 2 ? 20000 + (2 * i) : 0, MediaFormat.Accepted(m))).ToList();

        var text = Encoding.UTF8.GetString(SdpAnswer.Write(IPAddress.Loopback, 1, 1, answered));

        Assert.Contains("m=audio 20000 RTP/AVP 0 101\r\n", text, StringComparison.Ordinal);
        Assert.Contains("a=label:2\r\n", text, StringComparison.Ordinal);
        Assert.Equal(2, text.Split("a=recvonly").Length - 1);
        Assert.Contains("m=video 0 RTP/AVP 96\r\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("urn:ietf:params:xml:ns:recording:1")]
    [InlineData("urn:ietf:params:xml:ns:recording")]
    public void Read_Rfc7865Metadata_MapsLabelsToParticipants(string ns)
    {
        var metadata = RecordingMetadataReader.Read(Encoding.UTF8.GetBytes(SipTestMessages.Metadata(ns)));

        Assert.Equal(2, metadata.Participants.Count);
        Assert.Equal("sip:0312345678@example.jp", metadata.SenderOf("1")!.Aor);
        Assert.Equal("山田 花子", metadata.SenderOf("2")!.Name);
        Assert.Equal("U2Vzc2lvbjE=", metadata.SessionId);
    }

    [Fact]
    public void Read_OtherNamespace_Throws() =>
        Assert.Throws<XmlException>(() => RecordingMetadataReader.Read("<recording xmlns='urn:example'/>"u8.ToArray()));

    [Fact]
    public void Legs_MetadataWithStaffExtension_AssignsOutsideAndStaffAndInboundDirection()
    {
        var parties = new CallParties(new SipOptions().InternalExtensionPattern);
        var metadata = RecordingMetadataReader.Read(Encoding.UTF8.GetBytes(SipTestMessages.Metadata()));
        var offer = SdpOffer.Parse(Encoding.UTF8.GetBytes(SipTestMessages.Sdp()))!;

        var call = parties.FromMetadata(metadata);
        var legs = parties.Legs(offer.Media, metadata, call.Direction!.Value);

        Assert.Equal(CallDirection.Inbound, call.Direction);
        Assert.Equal("0312345678", call.OutsideNumber);
        Assert.Equal("201", call.StaffExtension);
        Assert.Equal("山田 花子", call.StaffName);
        Assert.Equal([LegRole.Outside, LegRole.Staff], legs.Select(l => l.Role));
        Assert.Equal(["label-1", "label-2"], legs.Select(l => l.LegId));
    }

    [Fact]
    public void FromHeaders_ForkedInviteWithPaiAndDiversion_UsesAssertedCallerAndDivertingNumber()
    {
        var text = SipTestMessages.Simple("INVITE", cseq: 1)
            .Replace("From: <sip:src@127.0.0.1>", "From: \"anonymous\" <sip:anonymous@anonymous.invalid>", StringComparison.Ordinal)
            .Replace("To: <sip:srs@127.0.0.1>", "To: <sip:305@pbx>", StringComparison.Ordinal)
            .Replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\nP-Asserted-Identity: \"鈴木\" <tel:0451234567>\r\nDiversion: <sip:201@pbx>;reason=no-answer\r\n", StringComparison.Ordinal);
        var invite = RecAce.Plugin.Sip.Messages.SipParser.Parse(Encoding.UTF8.GetBytes(text), 16384).Message!;

        var call = new CallParties(new SipOptions().InternalExtensionPattern).FromHeaders(invite);

        Assert.Equal(CallDirection.Inbound, call.Direction);
        Assert.Equal("0451234567", call.OutsideNumber);
        Assert.Equal("鈴木", call.OutsideName);
        Assert.Equal("305", call.StaffExtension);
        Assert.Equal("201", call.Extra!["sip.diversion"]);
    }
}
