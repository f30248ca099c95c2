using System.Text;
using RecAce.Plugin.Capture.Tests.Packets;
using RecAce.Plugins;

namespace RecAce.Plugin.Capture.Tests;

public sealed class CallTrackingTests
{
    private const string A = "192.0.2.10";
    private const string B = "192.0.2.20";

    private static void AddCall(CaptureBuilder capture, SipDialog dialog, string a, ushort aPort, string b, ushort bPort, uint ssrcA, uint ssrcB, int packets = 50)
    {
        capture.AddSip(a, b, dialog.Invite());
        capture.Advance(TimeSpan.FromMilliseconds(10));
        capture.AddSip(b, a, dialog.Response(180, "Ringing"));
        capture.Advance(TimeSpan.FromSeconds(1));
        capture.AddSip(b, a, dialog.Ok());
        capture.AddSip(a, b, dialog.Ack());
        var start = capture.Clock;
        capture.AddRtp(a, aPort, b, bPort, ssrcA, packets);
        capture.Clock = start;
        capture.AddRtp(b, bPort, a, aPort, ssrcB, packets, fill: 0x66);
        capture.AddSip(a, b, dialog.Bye());
        capture.AddSip(b, a, dialog.Response(200, "OK", "BYE", 2));
    }

    [Fact]
    public async Task Import_BasicUdpCall_OneCallTwoLegsNormalEnd()
    {
        using var file = new TempFile();
        var capture = new CaptureBuilder();
        AddCall(capture, new SipDialog("call-1@test", A, 40000, B, 50000), A, 40000, B, 50000, 1, 2);
        var (result, context) = await Import.FileAsync(capture.WriteTo(file.Path));

        var call = Assert.Single(context.Sink.Calls);
        Assert.Equal(CallEndReason.Normal, call.EndReason);
        Assert.Equal(2, call.Legs.Count);
        Assert.Equal(50, call.FramesOf("caller").Count);
        Assert.Equal(50, call.FramesOf("callee").Count);
        Assert.All(call.FramesOf("callee"), f => Assert.Equal(0x66, f.Payload.Span[0]));
        Assert.Equal(CallDirection.Inbound, call.Info.Direction);
        Assert.Equal("0312345678", call.Info.OutsideNumber);
        Assert.Equal("1001", call.Info.StaffExtension);
        Assert.Equal(LegRole.Staff, call.Legs.Single(l => l.LegId == "callee").Role);
        Assert.Equal(1, result.CallsOpened);
        Assert.Equal(0, result.Errors);
    }

    [Fact]
    public async Task Import_TwoSimultaneousCallsSharingSsrc_KeptApart()
    {
        using var file = new TempFile();
        var capture = new CaptureBuilder();
        var start = capture.Clock;
        AddCall(capture, new SipDialog("call-a@test", A, 40000, B, 50000), A, 40000, B, 50000, 7, 7);
        capture.Clock = start + TimeSpan.FromMilliseconds(5);
        // The same SSRC on both calls and both directions, as sipp does: only addresses and ports tell them apart.
        AddCall(capture, new SipDialog("call-b@test", A, 40002, B, 50002, "0398765432", "1002"), A, 40002, B, 50002, 7, 7, packets: 30);
        var (_, context) = await Import.FileAsync(capture.WriteTo(file.Path));

        Assert.Equal(2, context.Sink.Calls.Count);
        var first = context.Sink.Calls.Single(c => c.Info.AdapterCallId == "call-a@test");
        var second = context.Sink.Calls.Single(c => c.Info.AdapterCallId == "call-b@test");
        Assert.Equal(50, first.FramesOf("caller").Count);
        Assert.Equal(50, first.FramesOf("callee").Count);
        Assert.Equal(30, second.FramesOf("caller").Count);
        Assert.Equal(30, second.FramesOf("callee").Count);
    }

    [Fact]
    public async Task Import_SipOverTcpSplitAcrossSegments_CallRecovered()
    {
        using var file = new TempFile();
        var capture = new CaptureBuilder();
        var dialog = new SipDialog("tcp-1@test", A, 40000, B, 50000);
        uint aSeq = 1000, bSeq = 9000;
        void Tcp(string src, string dst, ref uint seq, string message, int pieces)
        {
            var bytes = Encoding.UTF8.GetBytes(message);
            var size = (bytes.Length + pieces - 1) / pieces;
            var segments = new List<(uint, byte[])>();
            for (var off = 0; off < bytes.Length; off += size)
                segments.Add((seq + (uint)off, bytes[off..Math.Min(bytes.Length, off + size)]));
            // Deliver the second piece first and repeat the first: reordering and retransmission.
            if (segments.Count > 1) (segments[0], segments[1]) = (segments[1], segments[0]);
            segments.Add(segments[^1]);
            foreach (var (s, data) in segments)
                capture.AddIp(PacketBuilder.Ipv4(src, dst, 6, PacketBuilder.Tcp(src == A ? (ushort)33000 : (ushort)5060, src == A ? (ushort)5060 : (ushort)33000, s, 0x18, data)));
            seq += (uint)bytes.Length;
        }
        Tcp(A, B, ref aSeq, dialog.Invite(), 3);
        Tcp(B, A, ref bSeq, dialog.Ok() + dialog.Response(100, "Trying"), 2);
        Tcp(A, B, ref aSeq, dialog.Ack(), 1);
        capture.AddRtp(A, 40000, B, 50000, 1, 20);
        Tcp(A, B, ref aSeq, dialog.Bye(), 2);
        var (_, context) = await Import.FileAsync(capture.WriteTo(file.Path));

        var call = Assert.Single(context.Sink.Calls);
        Assert.Equal(CallEndReason.Normal, call.EndReason);
        Assert.Equal(20, call.FramesOf("caller").Count);
    }

    [Fact]
    public async Task Import_FragmentedInviteOverIpv4_CallRecovered()
    {
        using var file = new TempFile();
        var capture = new CaptureBuilder();
        var dialog = new SipDialog("frag-1@test", A, 40000, B, 50000);
        var invite = dialog.Invite(SipDialog.Sdp(A, 40000) + string.Concat(Enumerable.Repeat("a=x-padding:0123456789abcdef0123456789abcdef\r\n", 60)));
        var udp = PacketBuilder.Udp(5060, 5060, Encoding.UTF8.GetBytes(invite));
        var fragments = PacketBuilder.Ipv4Fragments(A, B, 17, udp, 1200);
        Assert.True(fragments.Count >= 2);
        fragments.Reverse();
        foreach (var fragment in fragments) capture.AddIp(fragment);
        capture.AddSip(B, A, dialog.Ok());
        capture.AddRtp(B, 50000, A, 40000, 3, 10);
        capture.AddSip(A, B, dialog.Bye());
        var (result, context) = await Import.FileAsync(capture.WriteTo(file.Path));

        var call = Assert.Single(context.Sink.Calls);
        Assert.Equal(10, call.FramesOf("callee").Count);
        Assert.Equal(1, result.Counters["ip.reassembled"]);
    }

    [Fact]
    public async Task Import_StackedVlanTags_CallRecovered()
    {
        using var file = new TempFile();
        var capture = new CaptureBuilder { Vlans = [100, 200] };
        AddCall(capture, new SipDialog("vlan-1@test", A, 40000, B, 50000), A, 40000, B, 50000, 1, 2, packets: 10);
        var (result, context) = await Import.FileAsync(capture.WriteTo(file.Path));

        var call = Assert.Single(context.Sink.Calls);
        Assert.Equal(20, call.TotalFrames);
        Assert.True(result.Counters["frame.vlan"] >= capture.Count * 2);
    }

    [Fact]
    public async Task Import_Ipv6WithFragmentedInvite_CallRecovered()
    {
        const string a6 = "2001:db8::10", b6 = "2001:db8::20";
        using var file = new TempFile();
        var capture = new CaptureBuilder();
        var dialog = new SipDialog("v6-1@test", a6, 40000, b6, 50000);
        var invite = dialog.Invite(SipDialog.Sdp(a6, 40000) + string.Concat(Enumerable.Repeat("a=x-padding:0123456789abcdef0123456789abcdef\r\n", 40)));
        foreach (var fragment in PacketBuilder.Ipv6Fragments(a6, b6, 17, PacketBuilder.Udp(5060, 5060, Encoding.UTF8.GetBytes(invite)), 1024))
            capture.AddIp(fragment);
        capture.AddSip(b6, a6, dialog.Ok());
        var start = capture.Clock;
        capture.AddRtp(a6, 40000, b6, 50000, 1, 15);
        capture.Clock = start;
        capture.AddRtp(b6, 50000, a6, 40000, 2, 15);
        capture.AddSip(a6, b6, dialog.Bye());
        var (_, context) = await Import.FileAsync(capture.WriteTo(file.Path));

        var call = Assert.Single(context.Sink.Calls);
        Assert.Equal(15, call.FramesOf("caller").Count);
        Assert.Equal(15, call.FramesOf("callee").Count);
    }

    [Fact]
    public async Task Import_BusyCall_FailedCallWithoutLegs()
    {
        using var file = new TempFile();
        var capture = new CaptureBuilder();
        var dialog = new SipDialog("busy-1@test", A, 40000, B, 50000);
        capture.AddSip(A, B, dialog.Invite());
        capture.AddSip(B, A, dialog.Response(486, "Busy Here"));
        capture.AddSip(A, B, dialog.Ack());
        var (_, context) = await Import.FileAsync(capture.WriteTo(file.Path));

        var call = Assert.Single(context.Sink.Calls);
        Assert.Equal(CallEndReason.Failed, call.EndReason);
        Assert.Empty(call.Legs);
        Assert.Equal("486", call.Extra["sip.failure"]);
    }

    [Fact]
    public async Task Import_ChallengedThenAnswered_OneConnectedCall()
    {
        using var file = new TempFile();
        var capture = new CaptureBuilder();
        var dialog = new SipDialog("auth-1@test", A, 40000, B, 50000);
        capture.AddSip(A, B, dialog.Invite());
        capture.AddSip(B, A, dialog.Response(407, "Proxy Authentication Required"));
        capture.AddSip(A, B, dialog.Invite(cseq: 2));
        capture.AddSip(B, A, dialog.Ok(cseq: 2));
        capture.AddRtp(A, 40000, B, 50000, 1, 5);
        capture.AddSip(A, B, dialog.Bye(3));
        var (_, context) = await Import.FileAsync(capture.WriteTo(file.Path));

        var call = Assert.Single(context.Sink.Calls);
        Assert.Equal(CallEndReason.Normal, call.EndReason);
        Assert.Equal(5, call.TotalFrames);
    }

    [Fact]
    public async Task Import_Rfc4733Events_OneDtmfPerKeyPress()
    {
        using var file = new TempFile();
        var capture = new CaptureBuilder();
        var dialog = new SipDialog("dtmf-1@test", A, 40000, B, 50000);
        capture.AddSip(A, B, dialog.Invite());
        capture.AddSip(B, A, dialog.Ok());
        capture.AddRtp(A, 40000, B, 50000, 1, 5);
        ushort seq = 2000;
        foreach (var (digit, ts) in new[] { (5, 10_000u), (11, 20_000u) })
        {
            for (var i = 0; i < 6; i++)
            {
                var end = i >= 3;
                var payload = new byte[] { (byte)digit, (byte)(end ? 0x8A : 0x0A), 0, (byte)(160 * (i + 1)) };
                capture.AddUdp(A, 40000, B, 50000, PacketBuilder.Rtp(101, seq++, ts, 1, payload));
                capture.Advance(TimeSpan.FromMilliseconds(20));
            }
        }
        capture.AddSip(A, B, dialog.Bye());
        var (_, context) = await Import.FileAsync(capture.WriteTo(file.Path));

        var call = Assert.Single(context.Sink.Calls);
        Assert.Equal(['5', '#'], call.Dtmf.Select(d => d.Event.Digit));
        Assert.All(call.Dtmf, d => Assert.Equal("caller", d.LegId));
    }

    [Fact]
    public async Task Import_ReInviteMovesMediaAndHolds_AudioFollowsNewPort()
    {
        using var file = new TempFile();
        var capture = new CaptureBuilder();
        var dialog = new SipDialog("move-1@test", A, 40000, B, 50000);
        capture.AddSip(A, B, dialog.Invite());
        capture.AddSip(B, A, dialog.Ok());
        capture.AddRtp(B, 50000, A, 40000, 1, 10);
        // Hold (c=0.0.0.0), then resume on a new port.
        capture.AddSip(A, B, dialog.ReInviteFromCaller(SipDialog.Sdp("0.0.0.0", 40000, direction: "sendonly"), 2));
        capture.AddSip(A, B, dialog.ReInviteFromCaller(SipDialog.Sdp(A, 41000), 3));
        capture.AddSip(B, A, dialog.Response(200, "OK", "INVITE", 3, SipDialog.Sdp(B, 50000)));
        capture.AddRtp(B, 50000, A, 41000, 9, 10);
        capture.AddSip(A, B, dialog.Bye(4));
        var (_, context) = await Import.FileAsync(capture.WriteTo(file.Path));

        var call = Assert.Single(context.Sink.Calls);
        Assert.Equal(20, call.FramesOf("callee").Count);
    }

    [Fact]
    public async Task Import_NoByeAndRtpStops_ClosedAsMediaTimeout()
    {
        using var file = new TempFile();
        var capture = new CaptureBuilder();
        var dialog = new SipDialog("timeout-1@test", A, 40000, B, 50000);
        capture.AddSip(A, B, dialog.Invite());
        capture.AddSip(B, A, dialog.Ok());
        capture.AddRtp(A, 40000, B, 50000, 1, 10);
        capture.Advance(TimeSpan.FromSeconds(90));
        // Unrelated traffic moves capture time on.
        capture.AddUdp("198.51.100.1", 53, "198.51.100.2", 53, [1, 2, 3, 4]);
        var (result, context) = await Import.FileAsync(capture.WriteTo(file.Path));

        var call = Assert.Single(context.Sink.Calls);
        Assert.Equal(CallEndReason.MediaTimeout, call.EndReason);
        Assert.Equal(1, result.Counters["calls.timedOut"]);
    }

    [Fact]
    public async Task Import_UnsupportedCodec_CountedAndNotedOnCall()
    {
        using var file = new TempFile();
        var capture = new CaptureBuilder();
        var dialog = new SipDialog("g729-1@test", A, 40000, B, 50000);
        capture.AddSip(A, B, dialog.Invite(SipDialog.Sdp(A, 40000, "18")));
        capture.AddSip(B, A, dialog.Ok(sdp: SipDialog.Sdp(B, 50000, "18")));
        capture.AddRtp(A, 40000, B, 50000, 1, 12, payloadType: 18);
        capture.AddSip(A, B, dialog.Bye());
        var (result, context) = await Import.FileAsync(capture.WriteTo(file.Path));

        var call = Assert.Single(context.Sink.Calls);
        Assert.Equal(0, call.TotalFrames);
        Assert.Contains("G729", call.Extra["capture.skippedMedia"], StringComparison.Ordinal);
        Assert.Equal(12, result.Counters["rtp.unsupportedCodec"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Import_CallInsideGreOrErspan_CallRecovered(bool erspan)
    {
        using var file = new TempFile();
        var inner = new CaptureBuilder();
        AddCall(inner, new SipDialog("gre-1@test", A, 40000, B, 50000), A, 40000, B, 50000, 1, 2, packets: 10);
        using var innerFile = new TempFile();
        inner.WriteTo(innerFile.Path);
        var capture = new CaptureBuilder();
        foreach (var frame in ReadFrames(innerFile.Path))
        {
            var gre = erspan
                ? PacketBuilder.Gre(0x88BE, [.. new byte[8], .. frame], withSequence: true)
                : PacketBuilder.Gre(0x6558, frame);
            capture.AddIp(PacketBuilder.Ipv4("10.0.0.1", "10.0.0.2", 47, gre));
        }
        var (_, context) = await Import.FileAsync(capture.WriteTo(file.Path));

        var call = Assert.Single(context.Sink.Calls);
        Assert.Equal(20, call.TotalFrames);
    }

    [Fact]
    public async Task Import_OrphanRtpEnabled_RecordedAsCall()
    {
        using var file = new TempFile();
        var capture = new CaptureBuilder();
        capture.AddRtp(A, 40000, B, 50000, 1, 25, payloadType: 8);
        var (_, off) = await Import.FileAsync(capture.WriteTo(file.Path));
        var (_, on) = await Import.FileAsync(file.Path, new Dictionary<string, string?> { ["RecordOrphanRtp"] = "true" });

        Assert.Empty(off.Sink.Calls);
        var call = Assert.Single(on.Sink.Calls);
        Assert.Equal(25, call.TotalFrames);
        Assert.Equal(AudioCodec.Pcma, call.FramesOf(call.Legs[0].LegId)[0].Codec);
    }

    private static List<byte[]> ReadFrames(string path)
    {
        var counters = new CaptureCounters();
        using var reader = Files.CaptureFileReader.Open(path, counters);
        var frames = new List<byte[]>();
        while (reader.TryReadNext(out var frame)) frames.Add(frame.Data.ToArray());
        return frames;
    }
}
