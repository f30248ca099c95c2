using System.Net;
using System.Net.Sockets;
using System.Text;
using RecAce.Plugin.Sip.Tests.Fakes;
using RecAce.Plugins;

namespace RecAce.Plugin.Sip.Tests;

/// <summary>The adapter on real loopback sockets, with a fake call sink.</summary>
public sealed class SipAdapterTests : IAsyncLifetime
{
    private readonly LoopbackAdapter _host = new(new()
    {
        ["Listen"] = "127.0.0.1",
        ["Port"] = "0",
        ["RtpPortMin"] = "41000",
        ["RtpPortMax"] = "41999",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<SipTestPeer> StartAsync(Action<TestAdapterContext>? arrange = null) => _host.StartAsync(arrange);

    [Fact]
    public async Task SiprecInvite_TwoStreamsThenMalformedFloodThenBye_EachStreamOnItsLegNothingLostClosedNormal()
    {
        using var peer = await StartAsync();
        peer.Send(SipTestMessages.SiprecInvite());
        var ok = await peer.ExpectAsync(200);
        Assert.NotNull(ok);
        var ports = SipTestPeer.AnswerPorts(ok!);
        Assert.Equal(2, ports.Length);
        Assert.Contains("a=recvonly", Encoding.UTF8.GetString(ok!.Body.Span), StringComparison.Ordinal);
        peer.Send(SipTestMessages.Simple("ACK", cseq: 1, toTag: Tag(ok)));

        for (var i = 0; i < 50; i++)
        {
            // Both streams share one SSRC, as sipp and some SRCs send: the socket tells them apart.
            peer.SendRtpTo(ports[0], SipTestPeer.Rtp(0, (ushort)i, (uint)(i * 160), 0x1234, Enumerable.Repeat((byte)0x11, 160).ToArray()));
            peer.SendRtpTo(ports[1], SipTestPeer.Rtp(0, (ushort)i, (uint)(i * 160), 0x1234, Enumerable.Repeat((byte)0x22, 160).ToArray()));
            if (i % 5 == 0)
            {
                foreach (var (_, bytes) in MalformedCorpus.All()) peer.Send(bytes);
            }
        }

        var call = Assert.Single(_host.Context.Sink.Calls);
        Assert.True(await Eventually.TrueAsync(() => call.FramesOf("label-1").Count == 50 && call.FramesOf("label-2").Count == 50), $"{call.FramesOf("label-1").Count}/{call.FramesOf("label-2").Count}");
        Assert.All(call.FramesOf("label-1"), f => Assert.Equal(0x11, f.Payload.Span[0]));
        Assert.All(call.FramesOf("label-2"), f => Assert.Equal(0x22, f.Payload.Span[0]));
        Assert.Equal("0312345678", call.Info.OutsideNumber);
        Assert.Equal(LegRole.Outside, call.Legs[0].Role);
        Assert.Equal(LegRole.Staff, call.Legs[1].Role);

        peer.Send(SipTestMessages.Simple("BYE", cseq: 3, toTag: Tag(ok)));
        Assert.NotNull(await peer.ExpectAsync(200));
        Assert.True(await Eventually.TrueAsync(() => call.EndReason == CallEndReason.Normal));
        Assert.Single(_host.Context.Sink.Calls);
    }

    [Fact]
    public async Task Cancel_WhileRecordingOpens_Answers487AndRecordsNothing()
    {
        using var peer = await StartAsync(c => c.Sink.Gate = new TaskCompletionSource());
        peer.Send(SipTestMessages.SiprecInvite("cancel-1@src"));
        Assert.NotNull(await peer.ExpectAsync(100));
        peer.Send(SipTestMessages.Simple("CANCEL", "cancel-1@src", cseq: 1));
        Assert.NotNull(await peer.ExpectAsync(200));
        Assert.NotNull(await peer.ExpectAsync(487));
        _host.Context.Sink.Gate!.SetResult();

        Assert.True(await Eventually.TrueAsync(() => _host.Context.Sink.Calls.All(c => c.EndReason == CallEndReason.Failed)));
        Assert.Null(await peer.ExpectAsync(200));
    }

    [Fact]
    public async Task Invite_RecordingRefused_Answers503WithRetryAfter()
    {
        using var peer = await StartAsync(c => c.Sink.Refusal = new RecordingRefusedException("disk nearly full"));
        peer.Send(SipTestMessages.SiprecInvite("refused@src"));

        var response = await peer.ExpectAsync(503);
        Assert.NotNull(response);
        Assert.Equal("60", response!["Retry-After"]);
    }

    [Fact]
    public async Task Call_RtpStopsWithoutBye_ClosedAsMediaTimeoutAndByeSent()
    {
        _host.Settings["RtpTimeoutSeconds"] = "1";
        using var peer = await StartAsync();
        peer.Send(SipTestMessages.SiprecInvite("timeout@src"));
        var ok = await peer.ExpectAsync(200);
        peer.Send(SipTestMessages.Simple("ACK", "timeout@src", cseq: 1, toTag: Tag(ok!)));

        var bye = await peer.ExpectAsync(0, "BYE");
        Assert.NotNull(bye);
        Assert.Equal("timeout@src", bye!.CallId);
        Assert.True(await Eventually.TrueAsync(() => _host.Context.Sink.Calls.Single().EndReason == CallEndReason.MediaTimeout));
    }

    [Fact]
    public async Task Stop_CallInProgress_ByeFromRecorderSideAndRecordingClosedAsAdapterStopped()
    {
        using var peer = await StartAsync();
        peer.Send(SipTestMessages.SiprecInvite("shutdown@src"));
        var ok = await peer.ExpectAsync(200);
        Assert.NotNull(ok);
        var ports = SipTestPeer.AnswerPorts(ok!);
        peer.Send(SipTestMessages.Simple("ACK", "shutdown@src", cseq: 1, toTag: Tag(ok!)));
        for (var i = 0; i < 10; i++) peer.SendRtpTo(ports[0], SipTestPeer.Rtp(0, (ushort)i, (uint)(i * 160), 0x77, new byte[160]));
        var call = Assert.Single(_host.Context.Sink.Calls);
        Assert.True(await Eventually.TrueAsync(() => call.FramesOf("label-1").Count == 10));

        // A shutdown ends the recording session from the recording server's side (RFC 7866 lets either side end it): the SRC must not keep streaming into nothing.
        var stopping = _host.Adapter.StopAsync(CancellationToken.None);
        var bye = await peer.ExpectAsync(0, "BYE");
        await stopping;

        Assert.NotNull(bye);
        Assert.Equal("shutdown@src", bye!.CallId);
        Assert.Equal(CallEndReason.AdapterStopped, call.EndReason);
        Assert.Equal(10, call.FramesOf("label-1").Count);
    }

    [Fact]
    public async Task TelephoneEvent_EndPacketRepeated_OneDtmfPerKeyPress()
    {
        using var peer = await StartAsync();
        peer.Send(SipTestMessages.SiprecInvite("dtmf@src"));
        var ports = SipTestPeer.AnswerPorts((await peer.ExpectAsync(200))!);
        ushort seq = 0;
        foreach (var (key, ts) in new[] { (5, 8000u), (11, 16000u) })
        {
            peer.SendRtpTo(ports[0], SipTestPeer.Rtp(101, seq++, ts, 7, [(byte)key, 0x0A, 0x00, 0xA0], marker: true));
            peer.SendRtpTo(ports[0], SipTestPeer.Rtp(101, seq++, ts, 7, [(byte)key, 0x0A, 0x01, 0x40]));
            for (var i = 0; i < 3; i++) peer.SendRtpTo(ports[0], SipTestPeer.Rtp(101, seq++, ts, 7, [(byte)key, 0x8A, 0x03, 0x20]));
        }

        var call = Assert.Single(_host.Context.Sink.Calls);
        Assert.True(await Eventually.TrueAsync(() => call.Dtmf.Count == 2));
        await Task.Delay(200);
        Assert.Equal(['5', '#'], call.Dtmf.Select(d => d.Dtmf.Digit));
        Assert.Equal(TimeSpan.FromMilliseconds(100), call.Dtmf[0].Dtmf.Duration);
    }

    [Fact]
    public async Task Rtp_FromUnexpectedAddress_IsIgnored()
    {
        using var peer = await StartAsync();
        using var stranger = new SipTestPeer(_host.Adapter.UdpEndPoint!, "127.0.0.2");
        peer.Send(SipTestMessages.SiprecInvite("stranger@src"));
        var ports = SipTestPeer.AnswerPorts((await peer.ExpectAsync(200))!);

        for (var i = 0; i < 10; i++) stranger.SendRtpTo(ports[0], SipTestPeer.Rtp(0, (ushort)i, (uint)i * 160, 9, new byte[160]));
        peer.SendRtpTo(ports[0], SipTestPeer.Rtp(0, 100, 16000, 1, new byte[160]));

        var call = Assert.Single(_host.Context.Sink.Calls);
        Assert.True(await Eventually.TrueAsync(() => call.FramesOf("label-1").Count == 1));
        await Task.Delay(200);
        Assert.Single(call.FramesOf("label-1"));
    }

    [Fact]
    public async Task ReInvite_NewMetadata_UpdatesCallKeepsPorts()
    {
        using var peer = await StartAsync();
        peer.Send(SipTestMessages.SiprecInvite("reinvite@src"));
        var ok = await peer.ExpectAsync(200);
        var ports = SipTestPeer.AnswerPorts(ok!);
        peer.Send(SipTestMessages.Simple("ACK", "reinvite@src", cseq: 1, toTag: Tag(ok!)));

        peer.Send(SipTestMessages.SiprecInvite("reinvite@src", SipTestMessages.Metadata(staff: "305", staffName: "田中"), cseq: 2, toTag: Tag(ok!)));
        var again = await peer.ExpectAsync(200);

        Assert.Equal(ports, SipTestPeer.AnswerPorts(again!));
        var call = Assert.Single(_host.Context.Sink.Calls);
        Assert.True(await Eventually.TrueAsync(() => call.Updates.Count == 1));
        Assert.Equal("305", call.Updates[0].StaffExtension);
        Assert.Equal("田中", call.Updates[0].StaffName);
    }

    [Fact]
    public async Task Tcp_InviteSplitAcrossWritesThenOptionsInSameWrite_BothAnswered()
    {
        await StartAsync();
        using var client = new TcpClient();
        await client.ConnectAsync(_host.Adapter.TcpEndPoint!);
        var stream = client.GetStream();
        var invite = Encoding.UTF8.GetBytes(SipTestMessages.SiprecInvite("tcp@src").Replace("SIP/2.0/UDP", "SIP/2.0/TCP", StringComparison.Ordinal));
        var options = Encoding.UTF8.GetBytes(SipTestMessages.Simple("OPTIONS", "tcp-options@src", cseq: 1));
        Assert.True(invite.Length > 1500, "a SIPREC INVITE is larger than one MTU");
        await stream.WriteAsync(invite.AsMemory(0, 700));
        await Task.Delay(50);
        await stream.WriteAsync(invite.AsMemory(700, 900));
        await Task.Delay(50);
        await stream.WriteAsync(invite.AsMemory(1600).ToArray().Concat(options).ToArray());

        var text = new StringBuilder();
        var buffer = new byte[8192];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (text.ToString().Split("SIP/2.0 200 OK").Length - 1 < 2 || !text.ToString().Contains("CSeq: 1 OPTIONS", StringComparison.Ordinal))
        {
            var n = await stream.ReadAsync(buffer, cts.Token);
            Assert.True(n > 0);
            text.Append(Encoding.UTF8.GetString(buffer, 0, n));
        }

        Assert.Contains("application/sdp", text.ToString(), StringComparison.Ordinal);
        Assert.Contains(";transport=tcp", text.ToString(), StringComparison.Ordinal);
    }

    private static string Tag(RecAce.Plugin.Sip.Messages.SipMessage response) =>
        RecAce.Plugin.Sip.Messages.HeaderValues.Parameter(response["To"]!, "tag")!;
}
