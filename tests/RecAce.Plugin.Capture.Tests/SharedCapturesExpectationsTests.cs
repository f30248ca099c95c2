using RecAce.Plugins;

namespace RecAce.Plugin.Capture.Tests;

/// <summary>The calls the shared captures' README says are in them are recovered.</summary>
public sealed class SharedCapturesExpectationsTests
{
    [SharedCapturesFact]
    public async Task Import_G711CallWithRingingSecondCall_ConnectedCallWithTwoLegsAndFailedCall()
    {
        var (_, context) = await Import.FileAsync(SharedCaptures.PathOf("01_wireshark_SIP_CALL_RTP_G711.pcap"));
        Assert.Equal(2, context.Sink.Calls.Count);
        var connected = Assert.Single(context.Sink.Calls, c => c.EndReason != CallEndReason.Failed);
        Assert.Equal(2, connected.Legs.Count);
        Assert.All(connected.Legs, l => Assert.Equal(AudioCodec.Pcma, connected.FramesOf(l.LegId)[0].Codec));
        Assert.Single(context.Sink.Calls, c => c.EndReason == CallEndReason.Failed && c.Legs.Count == 0);
    }

    [SharedCapturesFact]
    public async Task Import_TwoSequentialOneWayCalls_TwoCallsOneLegEach()
    {
        var (_, context) = await Import.FileAsync(SharedCaptures.PathOf("02_wireshark_sip-rtp-g711.pcap"));
        Assert.Equal(2, context.Sink.Calls.Count);
        Assert.All(context.Sink.Calls, c => Assert.Single(c.Legs));
        Assert.Equal([AudioCodec.Pcmu, AudioCodec.Pcma], context.Sink.Calls.Select(c => c.FramesOf(c.Legs[0].LegId)[0].Codec));
    }

    [SharedCapturesFact]
    public async Task Import_G722Call_FramesAtSixteenKilohertz()
    {
        var (_, context) = await Import.FileAsync(SharedCaptures.PathOf("03_wireshark_sip-rtp-g722.pcap"));
        var call = Assert.Single(context.Sink.Calls);
        var frames = call.FramesOf(Assert.Single(call.Legs).LegId);
        Assert.True(frames.Count > 400);
        Assert.All(frames, f => Assert.Equal(AudioCodec.G722, f.Codec));
    }

    [SharedCapturesFact]
    public async Task Import_OpusCall_CallKeptAudioSkippedWithNote()
    {
        var (result, context) = await Import.FileAsync(SharedCaptures.PathOf("04_wireshark_sip-rtp-opus.pcap"));
        var call = Assert.Single(context.Sink.Calls);
        Assert.Equal(0, call.TotalFrames);
        Assert.Contains("OPUS", call.Extra["capture.skippedMedia"], StringComparison.Ordinal);
        Assert.True(result.Counters["rtp.unsupportedCodec"] > 400);
    }

    [SharedCapturesFact]
    public async Task Import_EightG726Calls_EightCallsEachNotingItsVariant()
    {
        var (_, context) = await Import.FileAsync(SharedCaptures.PathOf("05_wireshark_sip-rtp-g726_8calls.pcap"));
        Assert.Equal(8, context.Sink.Calls.Count);
        Assert.Equal(8, context.Sink.Calls.Select(c => c.Extra["capture.skippedMedia"]).Distinct().Count());
    }

    [SharedCapturesFact]
    public async Task Import_Rfc2833AndDeclinedCall_DtmfOnceEachAndDeclinedFailed()
    {
        var (_, context) = await Import.FileAsync(SharedCaptures.PathOf("06_wireshark_SIP_DTMF2_rfc2833.pcap"));
        Assert.Equal(2, context.Sink.Calls.Count);
        Assert.Single(context.Sink.Calls, c => c.EndReason == CallEndReason.Failed && c.Legs.Count == 0);
        var answered = Assert.Single(context.Sink.Calls, c => c.EndReason != CallEndReason.Failed);
        Assert.True(answered.TotalFrames > 1000);
        Assert.Equal(7, answered.Dtmf.Count);
    }

    [SharedCapturesFact]
    public async Task Import_SipInfoInsidePppoe_OneCall()
    {
        var (result, context) = await Import.FileAsync(SharedCaptures.PathOf("07_dtmf_sip_info_pppoe.pcap"));
        Assert.Single(context.Sink.Calls);
        Assert.Equal(result.PacketsRead, result.Counters["sip.messages"]);
    }

    [SharedCapturesFact]
    public async Task Import_SipOverTcpG711a_OneCallTwoLegs()
    {
        var (_, context) = await Import.FileAsync(SharedCaptures.PathOf("08_sip_over_tcp_g711a.pcap"));
        var call = Assert.Single(context.Sink.Calls);
        Assert.Equal(2, call.Legs.Count);
        Assert.Equal(CallEndReason.Normal, call.EndReason);
    }

    [SharedCapturesFact]
    public async Task Import_Ipv6FragmentedInvitesOnLinuxCooked_OneCall()
    {
        var (result, context) = await Import.FileAsync(SharedCaptures.PathOf("09_sip_ipv6_fragmented_sll.pcap"));
        Assert.Single(context.Sink.Calls);
        Assert.True(result.Counters["ip.reassembled"] >= 1);
    }

    [SharedCapturesFact]
    public async Task Import_SipOverTcpInsideIpInIp_OneCall()
    {
        var (result, context) = await Import.FileAsync(SharedCaptures.PathOf("10_sip_tcp_ip_in_ip.pcap"));
        Assert.Single(context.Sink.Calls);
        Assert.Equal(4, result.Counters["sip.messages"]);
    }

    [SharedCapturesFact]
    public async Task Import_GreMirrorOfSbc_EverySipMessageDecoded()
    {
        var (result, context) = await Import.FileAsync(SharedCaptures.PathOf("11_sip_gre_teb_sbc_two_legs_hold_refer.pcapng"));
        Assert.Equal(result.PacketsRead, result.Counters["sip.messages"]);
        Assert.True(context.Sink.Calls.Count >= 2);
    }

    [SharedCapturesFact]
    public async Task Import_VlanEnhancedGrePppFrame_SipDecoded()
    {
        var (result, _) = await Import.FileAsync(SharedCaptures.PathOf("12_sip_vlan_gre_ppp_single_packet.pcapng"));
        Assert.Equal(1, result.Counters["sip.messages"]);
    }

    [SharedCapturesFact]
    public async Task Import_ZrtpThenSrtp_EncryptedMediaNotRecordedAndNoted()
    {
        var (_, context) = await Import.FileAsync(SharedCaptures.PathOf("15_asterisk_zrtp_srtp.pcap"));
        var call = Assert.Single(context.Sink.Calls);
        Assert.Contains("encrypted", call.Extra["capture.skippedMedia"], StringComparison.Ordinal);
    }

    [SharedCapturesFact]
    public async Task Import_AvayaTrunkOverTcp_DozensOfCalls()
    {
        var (result, context) = await Import.FileAsync(SharedCaptures.PathOf("16_avaya_sbc_sip_tcp6060_many_concurrent_calls.pcap"));
        Assert.True(context.Sink.Calls.Count >= 30, $"{context.Sink.Calls.Count} calls");
        Assert.True(result.Counters["sip.messages"] >= 400);
    }

    [SharedCapturesFact]
    public async Task Import_IspBoxCallWithEarlyMedia_OneCallTwoLegs()
    {
        var (_, context) = await Import.FileAsync(SharedCaptures.PathOf("17_isp_box_call_g711a_pppoe_noise.pcap"));
        var call = Assert.Single(context.Sink.Calls);
        Assert.Equal(2, call.Legs.Count);
    }

    [SharedCapturesFact]
    public async Task Import_SipOverWebSocket_NoMalformedMessages()
    {
        var (result, context) = await Import.FileAsync(SharedCaptures.PathOf("18_sip_websocket_and_udp.pcap"));
        Assert.Equal(0, result.Counters["sip.malformed"]);
        Assert.Equal(2, context.Sink.Calls.Count);
    }

    [SharedCapturesFact]
    public async Task Import_RtpWithoutSignalling_RecordedOnlyWhenOrphanRtpEnabled()
    {
        var path = SharedCaptures.PathOf("19_rtp_only_no_signalling_sipp_g711a.pcap");
        var (_, off) = await Import.FileAsync(path);
        var (_, on) = await Import.FileAsync(path, new Dictionary<string, string?> { ["RecordOrphanRtp"] = "true" });
        Assert.Empty(off.Sink.Calls);
        var call = Assert.Single(on.Sink.Calls);
        Assert.Equal(236, call.TotalFrames);
    }

    [SharedCapturesFact]
    public async Task Import_FourFailedAttempts_FourFailedCallsWithoutAudio()
    {
        var (_, context) = await Import.FileAsync(SharedCaptures.PathOf("20_wireshark_aaa_home_sip_provider.pcap"));
        Assert.Equal(4, context.Sink.Calls.Count);
        Assert.All(context.Sink.Calls, c =>
        {
            Assert.Equal(CallEndReason.Failed, c.EndReason);
            Assert.Empty(c.Legs);
        });
    }
}
