using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NAudio.Codecs;
using RecAce.Plugin.Sip.Tests.Fakes;
using RecAce.Plugins;

namespace RecAce.Plugin.Sip.Tests.B2bua;

/// <summary>
/// The in-line recorder between two real sipp peers (caller and callee). The peers' SDP points to
/// the test's own RTP sockets, so the test sends the caller's and the callee's audio and checks
/// what each side hears. Each test has its own small RTP range, bound in full afterwards to show
/// that no port was leaked.
/// </summary>
[Trait("Category", "RealPeer")]
[Collection(RealTimePeersCollection.Name)]
public sealed class B2buaRealPeerTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("recace-b2bua-").FullName;
    private readonly SipAdapter _adapter = new();
    private TestAdapterContext _context = null!;
    private int _rtpMin;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _adapter.DisposeAsync();
        Directory.Delete(_folder, true);
    }

    private async Task<int> StartAsync(int rtpMin, string action, int calleePort, string? announcement = null, bool earlyMedia = false, Action<TestAdapterContext>? arrange = null, string targetUser = "staff", int rtpTimeoutSeconds = 30, int beepIntervalSeconds = 0)
    {
        _rtpMin = rtpMin;
        var settings = new Dictionary<string, string?>
        {
            ["Listen"] = "127.0.0.1",
            ["Port"] = "0",
            ["Tcp"] = "false",
            ["RtpPortMin"] = rtpMin.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RtpPortMax"] = (rtpMin + 11).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Routes:0:Match"] = "^0120$",
            ["Routes:0:Action"] = action,
            ["Routes:0:Target"] = $"sip:{targetUser}@127.0.0.1:{calleePort}",
            ["Routes:0:Announcement"] = announcement,
            ["Routes:0:EarlyMedia"] = earlyMedia ? "true" : "false",
            ["Routes:0:RingTimeoutSeconds"] = "20",
            ["Routes:0:BeepIntervalSeconds"] = beepIntervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RtpTimeoutSeconds"] = rtpTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        _context = new TestAdapterContext(settings) { Decoder = new SoxDecoder() };
        arrange?.Invoke(_context);
        await _adapter.StartAsync(_context, CancellationToken.None);
        Assert.NotNull(_adapter.UdpEndPoint);
        return _adapter.UdpEndPoint!.Port;
    }

    private async Task RunPairAsync(Sipp callee, Sipp caller)
    {
        var (callerCode, callerOutput) = await caller.WaitAsync(TimeSpan.FromSeconds(45));
        var (calleeCode, calleeOutput) = await callee.WaitAsync(TimeSpan.FromSeconds(10));
        var logs = string.Join('\n', _context.Logs.Lines.TakeLast(30));
        Assert.True(callerCode == 0 && calleeCode == 0, $"caller sipp {callerCode}, callee sipp {calleeCode}\n--- callee ---\n{calleeOutput}\n--- caller ---\n{callerOutput}\n--- recorder ---\n{logs}");
    }

    /// <summary>
    /// Every even port of the test's RTP range can be bound again: the relay released them. The
    /// relay drains what its sockets had queued before closing them, so the ports come free shortly
    /// after the call is counted as ended; a leaked port would stay busy for ever.
    /// </summary>
    private async Task AssertPortsFreeAsync()
    {
        Assert.True(await Eventually.TrueAsync(() => !_adapter.CheckHealthAsync(CancellationToken.None).AsTask().Result.Data!["relayedCalls"].Equals(1)));
        await Eventually.TrueAsync(() => BusyPorts().Count == 0);
        Assert.Empty(BusyPorts());
    }

    private List<int> BusyPorts()
    {
        var busy = new List<int>();
        for (var port = _rtpMin; port <= _rtpMin + 10; port += 2)
        {
            using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                s.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.1"), port));
            }
            catch (SocketException)
            {
                busy.Add(port);
            }
        }

        return busy;
    }

    [Fact]
    public async Task AnnounceConnect_AlawCallerG722Callee_AnnouncementFirstThenTranscodedAudioBothLegsRecorded()
    {
        var announcements = Path.Combine(_folder, "announcements");
        await RunScriptAsync(announcements);
        using var callerRtp = new RtpPeer();
        using var calleeRtp = new RtpPeer();
        var calleePort = Sipp.FreeUdpPort();
        var port = await StartAsync(43100, "announce-connect", calleePort, Path.Combine(announcements, "ja.wav"));

        using var callee = Sipp.Start(_folder, B2buaScenarios.Callee(calleeRtp.Port, "9 101"), calleePort, null);
        await Task.Delay(300);
        using var caller = Sipp.Start(_folder, B2buaScenarios.Caller(callerRtp.Port, "8 101", talkMs: 9000), Sipp.FreeUdpPort(), $"127.0.0.1:{port}");

        // The caller talks (A-law) from the moment it hears anything; the callee answers with a 500 Hz tone (G.722).
        var sent = new List<short>();
        var callerTime = 0;
        using var stop = new CancellationTokenSource();
        var talking = callerRtp.StreamAsync(8, () =>
        {
            var payload = new byte[160];
            for (var i = 0; i < 160; i++)
            {
                payload[i] = ALawEncoder.LinearToALawSample(Speechlike(callerTime++));
                sent.Add(ALawDecoder.ALawToLinearSample(payload[i]));
            }

            return payload;
        }, () => callerRtp.RelayPort, stop.Token);
        var g722 = new G722Codec();
        var encoderState = new G722CodecState(64000, G722Flags.None);
        var calleeTime = 0;
        var answering = calleeRtp.StreamAsync(9, () =>
        {
            var pcm = new short[320];
            for (var i = 0; i < 320; i++) pcm[i] = (short)(8000 * Math.Sin(2 * Math.PI * 500 * calleeTime++ / 16000.0));
            var payload = new byte[160];
            g722.Encode(encoderState, payload, pcm, 320);
            return payload;
        }, () => calleeRtp.RelayPort, stop.Token);

        // Once connected, the caller presses 5 (RFC 4733): it is relayed to the callee and recorded.
        Assert.True(await Eventually.TrueAsync(() => calleeRtp.Received.Count > 50));
        callerRtp.SendKey(callerRtp.RelayPort!.Value, 101, 5, 123_456);
        await RunPairAsync(callee, caller);
        await stop.CancelAsync();
        await Task.WhenAll(talking, answering);
        var relayedKey = calleeRtp.Received.Where(p => p.PayloadType == 101).ToList();
        Assert.True(relayedKey.Count >= 6 && relayedKey.All(p => p.Payload[0] == 5), $"{relayedKey.Count} telephone-event packets reached the callee");

        // What the caller heard: the announcement, then (after it) the callee's tone, as A-law.
        var heard = callerRtp.Received.Where(p => p.PayloadType == 8).Select(p => p.Payload.Select(ALawDecoder.ALawToLinearSample).ToArray()).ToList();
        var announcementPackets = (int)(5.0 / 0.02);
        Assert.True(heard.Count > announcementPackets + 50, $"caller heard {heard.Count} packets");
        var firstTone = heard.FindIndex(p => Tone(p, 500, 8000) > 0.5);
        Assert.True(firstTone >= announcementPackets, $"the callee's audio reached the caller at packet {firstTone}, before the announcement ended");
        Assert.True(heard.Take(announcementPackets).Count(p => Rms(p) > 300) > announcementPackets / 3, "the announcement was not heard");

        // What the callee heard: G.722, the caller's audio transcoded.
        var codec = new G722Codec();
        var state = new G722CodecState(64000, G722Flags.None);
        var received = new List<short>();
        foreach (var p in calleeRtp.Received.Where(p => p.PayloadType == 9))
        {
            var pcm = new short[p.Payload.Length * 2];
            codec.Decode(state, pcm, p.Payload, p.Payload.Length);
            for (var i = 0; i + 1 < pcm.Length; i += 2) received.Add((short)((pcm[i] + pcm[i + 1]) / 2));
        }

        Assert.True(received.Count > 8000, $"callee heard {received.Count} samples");
        var correlation = BestCorrelation(received.Skip(received.Count / 3).Take(4000).ToArray(), [.. sent]);
        Assert.True(correlation > 0.9, $"callee's audio correlates {correlation:0.000} with the caller's");

        var call = Assert.Single(_context.Sink.Calls);
        // The recording is closed after the BYE is answered, once the recording threads wrote what arrived before it.
        Assert.True(await Eventually.TrueAsync(() => call.EndReason is not null), "the recording was not closed");
        Assert.Equal("0312345678", call.Info.OutsideNumber);
        Assert.Equal("b2bua", call.Info.Extra!["sip.mode"]);
        Assert.Equal("ja.wav", call.Info.Extra["sip.announcement"]);
        var outsideFrames = call.FramesOf("outside");
        var staffFrames = call.FramesOf("staff");
        Assert.True(outsideFrames.Count > 100, $"{outsideFrames.Count} outside frames recorded");
        Assert.All(outsideFrames, f => Assert.Equal(AudioCodec.Pcma, f.Codec));
        Assert.True(staffFrames.Count > 100, $"{staffFrames.Count} staff frames recorded");
        Assert.All(staffFrames, f => Assert.Equal(AudioCodec.G722, f.Codec));
        Assert.Equal(CallEndReason.Normal, call.EndReason);
        var key = Assert.Single(call.Dtmf);
        Assert.Equal(("outside", '5'), (key.LegId, key.Dtmf.Digit));
        await AssertPortsFreeAsync();
    }

    [Fact]
    public async Task AnnounceConnect_BaresipToBaresip_CallerHearsAnnouncementThenCalleeCalleeHearsCaller()
    {
        var announcements = Path.Combine(_folder, "announcements");
        await RunScriptAsync(announcements);
        // The caller says something speech-like for 20 s; the callee answers with a 500 Hz tone.
        var callerSource = Path.Combine(_folder, "caller.wav");
        var source = Enumerable.Range(0, 8000 * 20).Select(Speechlike).ToArray();
        Wav.Write(callerSource, source, 8000);
        var calleeSource = Path.Combine(_folder, "callee.wav");
        Wav.Write(calleeSource, [.. Enumerable.Range(0, 8000 * 20).Select(n => (short)(8000 * Math.Sin(2 * Math.PI * 500 * n / 8000.0)))], 8000);
        var calleePort = Sipp.FreeUdpPort();
        var port = await StartAsync(43220, "announce-connect", calleePort, Path.Combine(announcements, "ja.wav"), targetUser: "callee");

        using var callee = Baresip.Start(_folder, "callee", calleePort, "30000-30049", calleeSource, null, 20);
        await Task.Delay(1000);
        using var caller = Baresip.Start(_folder, "caller", Sipp.FreeUdpPort(), "30050-30099", callerSource, $"sip:0120@127.0.0.1:{port}", 13);
        var callerLog = await caller.WaitAsync(TimeSpan.FromSeconds(30));
        var call = Assert.Single(_context.Sink.Calls);
        Assert.True(await Eventually.TrueAsync(() => call.EndReason is not null), "the recording was not closed\n" + callerLog);
        var calleeLog = await callee.WaitAsync(TimeSpan.FromSeconds(30));
        var diagnostics = $"--- caller ---\n{callerLog}\n--- callee ---\n{calleeLog}\n--- recorder ---\n{string.Join('\n', _context.Logs.Lines.TakeLast(20))}";

        // The caller's received audio: the announcement first, the callee's tone only after it.
        var heard = caller.Received();
        Assert.True(heard.Length > 8000 * 7, $"caller received {heard.Length} samples\n{diagnostics}");
        var packets = heard.Chunk(160).Select(c => c.ToArray()).ToList();
        var firstSound = packets.FindIndex(p => Rms(p) > 300);
        var firstTone = packets.FindIndex(p => Tone(p, 500, 8000) > 0.5);
        Assert.True(firstSound >= 0 && firstTone > firstSound + (int)(4.5 / 0.02), $"sound at packet {firstSound}, callee's tone at {firstTone}\n{diagnostics}");

        // The callee's received audio is the caller's voice.
        var calleeHeard = callee.Received();
        var speech = calleeHeard.SkipWhile(s => Math.Abs((int)s) < 300).ToArray();
        Assert.True(speech.Length > 8000 * 2, $"callee received {calleeHeard.Length} samples\n{diagnostics}");
        var correlation = BestCorrelation([.. speech.Skip(4000).Take(4000)], source);
        Assert.True(correlation > 0.9, $"callee's audio correlates {correlation:0.000} with the caller's source\n{diagnostics}");

        Assert.True(call.FramesOf("outside").Count > 100, diagnostics);
        Assert.True(call.FramesOf("staff").Count > 100, diagnostics);
        await AssertPortsFreeAsync();
    }

    [Theory]
    [InlineData(3)]
    [InlineData(0)]
    public async Task Connect_BeepInterval_CallerHearsOneKilohertzBeepEveryIntervalAndNoneWhenZero(int interval)
    {
        // The callee talks (a 500 Hz tone) for the whole call; the caller's received audio is searched for the 1 kHz beep.
        var callerSource = Path.Combine(_folder, "caller.wav");
        Wav.Write(callerSource, new short[8000 * 20], 8000);
        var calleeSource = Path.Combine(_folder, "callee.wav");
        Wav.Write(calleeSource, [.. Enumerable.Range(0, 8000 * 20).Select(n => (short)(4000 * Math.Sin(2 * Math.PI * 500 * n / 8000.0)))], 8000);
        var calleePort = Sipp.FreeUdpPort();
        var port = await StartAsync(interval == 0 ? 43260 : 43240, "connect", calleePort, targetUser: "callee", beepIntervalSeconds: interval);

        using var callee = Baresip.Start(_folder, "callee", calleePort, "30100-30149", calleeSource, null, 20);
        await Task.Delay(1000);
        using var caller = Baresip.Start(_folder, "caller", Sipp.FreeUdpPort(), "30150-30199", callerSource, $"sip:0120@127.0.0.1:{port}", 12);
        var callerLog = await caller.WaitAsync(TimeSpan.FromSeconds(30));
        var calleeLog = await callee.WaitAsync(TimeSpan.FromSeconds(30));
        var diagnostics = $"--- caller ---\n{callerLog}\n--- callee ---\n{calleeLog}\n--- recorder ---\n{string.Join('\n', _context.Logs.Lines.TakeLast(20))}";

        var packets = caller.Received().Chunk(160).Select(c => c.ToArray()).ToList();
        var talking = packets.FindIndex(p => Tone(p, 500, 8000) > 0.5);
        Assert.True(talking >= 0 && packets.Count - talking > 8 * 50, $"the caller heard the callee for {(packets.Count - Math.Max(talking, 0)) / 50.0:0.0} s\n{diagnostics}");
        // Beep onsets: a packet mostly at 1 kHz after one that is not.
        var beep = packets.Select(p => Tone(p, 1000, 8000) > 0.5).ToArray();
        var onsets = Enumerable.Range(1, beep.Length - 1).Where(i => beep[i] && !beep[i - 1]).ToList();
        var lengths = onsets.Select(o => beep.Skip(o).TakeWhile(b => b).Count()).ToList();
        var found = $"beeps at packets {string.Join(", ", onsets)} (lengths {string.Join(", ", lengths)}), callee heard from packet {talking}";
        if (interval == 0)
        {
            Assert.True(onsets.Count == 0, $"{found}\n{diagnostics}");
            return;
        }

        // About 8 s of connected call at one beep every 3 s: at least two, each 200 ms, 3 s apart (a packet or two of jitter).
        Assert.True(onsets.Count >= 2, $"{found}\n{diagnostics}");
        Assert.All(lengths, l => Assert.InRange(l, 8, 12));
        Assert.All(onsets.Zip(onsets.Skip(1), (a, b) => b - a), gap => Assert.InRange(gap, (interval * 50) - 5, (interval * 50) + 5));
        Assert.InRange(onsets[0] - talking, (interval * 50) - 25, (interval * 50) + 25);
    }

    [Fact]
    public async Task AnnounceConnectEarlyMedia_CalleeAnswersAtOnce_183AnnouncementHeardWholeThen200AndCallee()
    {
        var announcements = Path.Combine(_folder, "announcements");
        await RunScriptAsync(announcements);
        using var callerRtp = new RtpPeer();
        using var calleeRtp = new RtpPeer();
        var calleePort = Sipp.FreeUdpPort();
        var port = await StartAsync(43240, "announce-connect", calleePort, Path.Combine(announcements, "en.wav"), earlyMedia: true);
        using var callee = Sipp.Start(_folder, B2buaScenarios.Callee(calleeRtp.Port, "0 101"), calleePort, null);
        await Task.Delay(300);
        using var caller = Sipp.Start(_folder, B2buaScenarios.Caller(callerRtp.Port, "0 101", talkMs: 3000, earlyMedia: true), Sipp.FreeUdpPort(), $"127.0.0.1:{port}");
        using var stop = new CancellationTokenSource();
        var t = 0;
        var answering = calleeRtp.StreamAsync(0, () =>
        {
            var payload = new byte[160];
            for (var i = 0; i < 160; i++) payload[i] = MuLawEncoder.LinearToMuLawSample((short)(8000 * Math.Sin(2 * Math.PI * 500 * t++ / 8000.0)));
            return payload;
        }, () => calleeRtp.RelayPort, stop.Token);
        var talking = callerRtp.StreamAsync(0, () => new byte[160], () => callerRtp.RelayPort, stop.Token);
        await RunPairAsync(callee, caller);
        await stop.CancelAsync();
        await Task.WhenAll(answering, talking);

        // The callee answered at once, but the caller heard the whole announcement (5 s) before the callee.
        var heard = callerRtp.Received.Where(p => p.PayloadType == 0).Select(p => p.Payload.Select(MuLawDecoder.MuLawToLinearSample).ToArray()).ToList();
        var firstTone = heard.FindIndex(p => Tone(p, 500, 8000) > 0.5);
        Assert.True(firstTone >= (int)(4.9 / 0.02), $"the callee's audio reached the caller at packet {firstTone}");
        Assert.Single(_context.Sink.Calls);
        await AssertPortsFreeAsync();
    }

    [Fact]
    public async Task Connect_NoRtpFromEitherSide_RecorderSendsByeToBothPortsFree()
    {
        var calleePort = Sipp.FreeUdpPort();
        var port = await StartAsync(43260, "connect", calleePort, rtpTimeoutSeconds: 2);
        using var callee = Sipp.Start(_folder, B2buaScenarios.Callee(40002, "0 101"), calleePort, null);
        await Task.Delay(300);
        using var caller = Sipp.Start(_folder, B2buaScenarios.Caller(40000, "0 101", talkMs: 0, calleeHangsUp: true), Sipp.FreeUdpPort(), $"127.0.0.1:{port}");
        await RunPairAsync(callee, caller);
        var call = Assert.Single(_context.Sink.Calls);
        Assert.True(await Eventually.TrueAsync(() => call.EndReason == CallEndReason.MediaTimeout));
        await AssertPortsFreeAsync();
    }

    [Fact]
    public async Task Connect_CalleeBusy_486PassedToCallerNothingRecordedPortsFree()
    {
        var calleePort = Sipp.FreeUdpPort();
        var port = await StartAsync(43120, "connect", calleePort);
        using var callee = Sipp.Start(_folder, B2buaScenarios.CalleeRefuses(486), calleePort, null);
        await Task.Delay(300);
        using var caller = Sipp.Start(_folder, B2buaScenarios.CallerRefused(40000, 486), Sipp.FreeUdpPort(), $"127.0.0.1:{port}");
        await RunPairAsync(callee, caller);
        Assert.Empty(_context.Sink.Calls);
        await AssertPortsFreeAsync();
    }

    /// <summary>
    /// The target's 486 passed on to the caller is the recorder's own final response (RFC 3261 section
    /// 17.2.1): the caller holds its ACK for 2.5 s, in which the 486 is resent (0.5 and 1.5 s after the
    /// first, over UDP), and nothing comes in the 4.5 s after the ACK (the next was due at 3.5 s).
    /// </summary>
    [Fact]
    public async Task Connect_CalleeBusyCallerAcksLate_486ResentToCallerUntilAck()
    {
        var calleePort = Sipp.FreeUdpPort();
        var port = await StartAsync(43280, "connect", calleePort);
        using var callee = Sipp.Start(_folder, B2buaScenarios.CalleeRefuses(486), calleePort, null);
        await Task.Delay(300);
        using var caller = Sipp.Start(_folder, B2buaScenarios.CallerRefusedAckLate(40000, 486, ackAfterMs: 2500, quietMs: 4500), Sipp.FreeUdpPort(), $"127.0.0.1:{port}");
        await RunPairAsync(callee, caller);

        var (beforeAck, afterAck) = Sipp.ReceivedAroundAck(await File.ReadAllTextAsync(caller.Log), 486);
        Assert.InRange(beforeAck, 2, 3);
        Assert.Equal(0, afterAck);
        Assert.Empty(_context.Sink.Calls);
        await AssertPortsFreeAsync();
    }

    [Fact]
    public async Task Connect_CallerCancelsWhileRinging_CancelPassedToCalleeBoth487PortsFree()
    {
        var calleePort = Sipp.FreeUdpPort();
        var port = await StartAsync(43140, "connect", calleePort);
        using var callee = Sipp.Start(_folder, B2buaScenarios.CalleeCancelled(), calleePort, null);
        await Task.Delay(300);
        using var caller = Sipp.Start(_folder, B2buaScenarios.CallerCancels(40000), Sipp.FreeUdpPort(), $"127.0.0.1:{port}");
        await RunPairAsync(callee, caller);
        Assert.Empty(_context.Sink.Calls);
        await AssertPortsFreeAsync();
    }

    [Fact]
    public async Task Connect_CalleeHangsUp_ByePassedToCallerRecordingClosedNormal()
    {
        var calleePort = Sipp.FreeUdpPort();
        var port = await StartAsync(43160, "connect", calleePort);
        using var callee = Sipp.Start(_folder, B2buaScenarios.Callee(40002, "0 101", hangsUpAfterMs: true, talkMs: 1500), calleePort, null);
        await Task.Delay(300);
        using var caller = Sipp.Start(_folder, B2buaScenarios.Caller(40000, "0 101", talkMs: 0, calleeHangsUp: true), Sipp.FreeUdpPort(), $"127.0.0.1:{port}");
        await RunPairAsync(callee, caller);
        var call = Assert.Single(_context.Sink.Calls);
        Assert.True(await Eventually.TrueAsync(() => call.EndReason == CallEndReason.Normal));
        await AssertPortsFreeAsync();
    }

    [Fact]
    public async Task Connect_CallerPutsOnHold_ReInviteRelayedSendonlyAnsweredRecvonly()
    {
        var calleePort = Sipp.FreeUdpPort();
        var port = await StartAsync(43180, "connect", calleePort);
        using var callee = Sipp.Start(_folder, B2buaScenarios.Callee(40002, "0 101", expectHold: true), calleePort, null);
        await Task.Delay(300);
        using var caller = Sipp.Start(_folder, B2buaScenarios.Caller(40000, "0 101", talkMs: 500, hold: true), Sipp.FreeUdpPort(), $"127.0.0.1:{port}");
        await RunPairAsync(callee, caller);
        var call = Assert.Single(_context.Sink.Calls);
        Assert.True(await Eventually.TrueAsync(() => call.EndReason == CallEndReason.Normal));
        await AssertPortsFreeAsync();
    }

    [Fact]
    public async Task Connect_RecordingFailsMidCall_AudioStillRelayedAdapterDegraded()
    {
        using var callerRtp = new RtpPeer();
        using var calleeRtp = new RtpPeer();
        var calleePort = Sipp.FreeUdpPort();
        var port = await StartAsync(43200, "connect", calleePort);
        using var callee = Sipp.Start(_folder, B2buaScenarios.Callee(calleeRtp.Port, "0 101"), calleePort, null);
        await Task.Delay(300);
        using var caller = Sipp.Start(_folder, B2buaScenarios.Caller(callerRtp.Port, "0 101", talkMs: 4000), Sipp.FreeUdpPort(), $"127.0.0.1:{port}");

        // The caller's relay port is learned from the callee's audio, which starts at once.
        using var stop = new CancellationTokenSource();
        var relayToCallee = 0;
        var calleeTalks = calleeRtp.StreamAsync(0, () => new byte[160], () => relayToCallee == 0 ? FirstRelayPort() : relayToCallee, stop.Token);
        var callerTalks = callerRtp.StreamAsync(0, () => Enumerable.Repeat((byte)0x55, 160).ToArray(), () => callerRtp.RelayPort, stop.Token);
        Assert.True(await Eventually.TrueAsync(() => _context.Sink.Calls.Count == 1 && callerRtp.Received.Count > 10 && calleeRtp.Received.Count > 10));
        var before = calleeRtp.Received.Count;
        // From now on the spool cannot be written.
        _context.Sink.WriteFailure = new IOException("Permission denied: spool directory is not writable");
        await Task.Delay(1500);
        Assert.True(calleeRtp.Received.Count > before + 40, $"relay stopped after the recording failed ({before} then {calleeRtp.Received.Count})");
        var health = await _adapter.CheckHealthAsync(CancellationToken.None);
        Assert.Equal(AdapterHealthStatus.Degraded, health.Status);
        Assert.Contains("Permission denied", health.Description, StringComparison.Ordinal);
        Assert.Equal(1L, health.Data!["recordingFailures"]);

        await RunPairAsync(callee, caller);
        await stop.CancelAsync();
        await Task.WhenAll(calleeTalks, callerTalks);
        await AssertPortsFreeAsync();

        int? FirstRelayPort()
        {
            // The callee side is the second port the relay bound in this test's range.
            relayToCallee = _rtpMin + 2;
            return relayToCallee;
        }
    }

    private static async Task RunScriptAsync(string output)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "RecAce.sln"))) root = Path.GetDirectoryName(root)!;
        var psi = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(root, "packaging", "announcements", "make-announcements.sh"));
        psi.ArgumentList.Add(output);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(p.ExitCode == 0, await err);
    }

    /// <summary>Speech-band test audio: three partials under a slow, irregular envelope.</summary>
    private static short Speechlike(int n)
    {
        var t = n / 8000.0;
        var envelope = 0.55 + (0.45 * Math.Sin(2 * Math.PI * 2.7 * t) * Math.Sin(2 * Math.PI * 0.9 * t));
        return (short)(9000 * envelope * ((0.5 * Math.Sin(2 * Math.PI * 310 * t)) + (0.3 * Math.Sin(2 * Math.PI * 730 * t)) + (0.2 * Math.Sin(2 * Math.PI * 1270 * t))));
    }

    private static double Rms(short[] samples) => Math.Sqrt(samples.Average(s => (double)s * s));

    /// <summary>Share of the signal's power at one frequency (Goertzel), 0 to about 1.</summary>
    private static double Tone(short[] samples, double frequency, double rate)
    {
        var k = 2 * Math.Cos(2 * Math.PI * frequency / rate);
        double s1 = 0, s2 = 0;
        foreach (var x in samples)
        {
            var s0 = x + (k * s1) - s2;
            s2 = s1;
            s1 = s0;
        }

        var power = (s1 * s1) + (s2 * s2) - (k * s1 * s2);
        var total = samples.Sum(s => (double)s * s) * samples.Length / 2;
        return total == 0 ? 0 : power / total;
    }

    /// <summary>The highest normalised correlation of <paramref name="chunk"/> against any stretch of <paramref name="signal"/>.</summary>
    private static double BestCorrelation(short[] chunk, short[] signal)
    {
        var best = 0.0;
        var chunkNorm = Math.Sqrt(chunk.Sum(s => (double)s * s));
        for (var offset = 0; offset + chunk.Length <= signal.Length; offset++)
        {
            double dot = 0, norm = 0;
            for (var i = 0; i < chunk.Length; i++)
            {
                dot += chunk[i] * (double)signal[offset + i];
                norm += signal[offset + i] * (double)signal[offset + i];
            }

            if (norm > 0) best = Math.Max(best, dot / (chunkNorm * Math.Sqrt(norm)));
        }

        return best;
    }
}
