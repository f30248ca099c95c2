using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using RecAce.Plugin.Sip.Tests.B2bua;
using RecAce.Plugin.Sip.Tests.Fakes;
using RecAce.Plugins;

namespace RecAce.Plugin.Sip.Tests.Siprec;

/// <summary>
/// CANCEL of a SIPREC INVITE by the real sipp over the real UDP and TCP stacks. The recorder answers
/// within milliseconds, so a CANCEL before the answer is made certain by holding the recording's
/// opening (the fake sink's gate) until sipp has had its 487; the SIP handling around it is real.
/// Each test has its own small RTP range, bound in full afterwards to show that no port was leaked.
/// </summary>
[Trait("Category", "RealPeer")]
[Collection(RealTimePeersCollection.Name)]
public sealed partial class SiprecCancelRealPeerTests : IAsyncLifetime
{
    private const int RtpPorts = 12;

    private readonly string _folder = Directory.CreateTempSubdirectory("recace-siprec-cancel-").FullName;
    private readonly SipAdapter _adapter = new();
    private TestAdapterContext _context = null!;
    private int _rtpMin;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _adapter.DisposeAsync();
        Directory.Delete(_folder, true);
    }

    private async Task<int> StartAsync(int rtpMin, Action<TestAdapterContext>? arrange = null)
    {
        _rtpMin = rtpMin;
        var settings = new Dictionary<string, string?>
        {
            ["Listen"] = "127.0.0.1",
            ["Port"] = "0",
            ["Tcp"] = "true",
            ["RtpPortMin"] = rtpMin.ToString(CultureInfo.InvariantCulture),
            ["RtpPortMax"] = (rtpMin + RtpPorts - 1).ToString(CultureInfo.InvariantCulture),
        };
        _context = new TestAdapterContext(settings);
        arrange?.Invoke(_context);
        await _adapter.StartAsync(_context, CancellationToken.None);
        Assert.NotNull(_adapter.UdpEndPoint);
        return _adapter.UdpEndPoint!.Port;
    }

    private Sipp StartSipp(string scenario, int port, string transport) =>
        Sipp.Start(_folder, scenario, Sipp.FreeUdpPort(), $"127.0.0.1:{port}", "srs",
            "-t", transport, "-mi", "127.0.0.1", "-mp", Sipp.FreeUdpPort().ToString(CultureInfo.InvariantCulture));

    /// <summary>Waits for sipp; returns its whole message log, and its output (for a failure's cause).</summary>
    private async Task<(string Log, string Output)> RunAsync(Sipp sipp, bool expectPass = true)
    {
        var (code, output) = await sipp.WaitAsync(TimeSpan.FromSeconds(45));
        var logs = string.Join('\n', _context.Logs.Lines.TakeLast(30));
        Assert.True(expectPass == (code == 0), $"sipp exited {code}\n{output}\n--- recorder ---\n{logs}");
        return (File.Exists(sipp.Log) ? await File.ReadAllTextAsync(sipp.Log) : string.Empty, output);
    }

    /// <summary>One second of a 400 Hz tone in mu-law, headerless, for sipp's rtp_stream.</summary>
    private string StreamFile()
    {
        var file = Path.Combine(_folder, "tone.ulaw");
        var bytes = new byte[8000];
        for (var i = 0; i < bytes.Length; i++)
            bytes[i] = NAudio.Codecs.MuLawEncoder.LinearToMuLawSample((short)(8000 * Math.Sin(2 * Math.PI * 400 * i / 8000.0)));
        File.WriteAllBytes(file, bytes);
        return file;
    }

    [Theory]
    [InlineData("u1", 43300)]
    [InlineData("t1", 43320)]
    public async Task Cancel_SippCancelsWhileRecordingOpens_200And487AckedNothingKeptPortsFreeNextCallRecorded(string transport, int rtpMin)
    {
        var port = await StartAsync(rtpMin, c => c.Sink.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

        using (var sipp = StartSipp(SiprecSippScenarios.CancelBeforeAnswer(), port, transport))
        {
            var (log, _) = await RunAsync(sipp);
            AssertCancelAndAckCarryInviteBranch(log);
        }

        // sipp is done (487 received and ACKed) while the recording is still opening: nothing was
        // answered, and the cancelled call no longer counts against the concurrent-call limit.
        Assert.Empty(_context.Sink.Calls);
        Assert.Equal(0, await ActiveCallsAsync());
        _context.Sink.Gate!.SetResult();
        _context.Sink.Gate = null;

        // The recording opened after the CANCEL is closed at once as failed, with no audio.
        Assert.True(await Eventually.TrueAsync(() => _context.Sink.Calls.Count == 1 && _context.Sink.Calls[0].EndReason is not null));
        var cancelled = Assert.Single(_context.Sink.Calls);
        Assert.Equal(CallEndReason.Failed, cancelled.EndReason);
        Assert.All(cancelled.Legs, l => Assert.Empty(cancelled.FramesOf(l.LegId)));
        Assert.Contains(_context.Logs.Lines, l => l.Contains("cancelled before answer", StringComparison.Ordinal));
        await AssertPortsFreeAsync();

        // The adapter keeps serving: a following SIPREC call by sipp is recorded.
        var stream = StreamFile();
        using (var sipp = StartSipp(SiprecSippScenarios.Call(stream), port, transport))
            await RunAsync(sipp);
        await AssertRecordedAsync(_context.Sink.Calls[1], stream);
        await AssertPortsFreeAsync();
        Assert.Equal(0, await ActiveCallsAsync());
    }

    [Theory]
    [InlineData("u1", 43340)]
    [InlineData("t1", 43360)]
    public async Task Cancel_SippCancelsAfter200_CancelAnswered200NoEffectCallRecordedUntilBye(string transport, int rtpMin)
    {
        var port = await StartAsync(rtpMin);
        var stream = StreamFile();

        using (var sipp = StartSipp(SiprecSippScenarios.CancelAfterAnswer(stream), port, transport))
        {
            var (log, _) = await RunAsync(sipp);
            AssertCancelAndAckCarryInviteBranch(log, ackOf487: false);
        }

        // The audio sent after the CANCEL was recorded, and the call ended by the BYE.
        var call = Assert.Single(_context.Sink.Calls);
        await AssertRecordedAsync(call, stream);
        Assert.DoesNotContain(_context.Logs.Lines, l => l.Contains("cancelled before answer", StringComparison.Ordinal));
        await AssertPortsFreeAsync();
        Assert.Equal(0, await ActiveCallsAsync());
    }

    /// <summary>
    /// RFC 3261 section 17.2.1 with a real UAC: sipp holds its ACK of the 487 for 2.5 s, in which the
    /// recorder resends the 487 (timer G: 0.5 and 1.5 s after the first, over UDP); after the ACK it
    /// waits 4.5 s, in which the next copy (due at 3.5 s) would have come had the ACK not stopped them.
    /// </summary>
    [Fact]
    public async Task Cancel_SippAcks487Late_487ResentUntilTheAckThenNoMore()
    {
        var port = await StartAsync(43400, c => c.Sink.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

        using (var sipp = StartSipp(SiprecSippScenarios.CancelThenAckLate(ackAfterMs: 2500, quietMs: 4500), port, "u1"))
        {
            var (log, _) = await RunAsync(sipp);
            var (beforeAck, afterAck) = Sipp.ReceivedAroundAck(log, 487);
            Assert.InRange(beforeAck, 2, 3);
            Assert.Equal(0, afterAck);
            AssertCancelAndAckCarryInviteBranch(log);
        }

        _context.Sink.Gate!.SetResult();
        Assert.DoesNotContain(_context.Logs.Lines, l => l.Contains("timer H", StringComparison.Ordinal));
    }

    /// <summary>
    /// The CANCEL scenario cannot pass when the recorder answers: sipp waits a second before its CANCEL,
    /// so the 200 OK to the INVITE comes first, and sipp aborts the call on it and exits non-zero.
    /// </summary>
    [Fact]
    public async Task CancelScenario_RecorderAnswersFirst_SippFails()
    {
        var port = await StartAsync(43380);
        using var sipp = StartSipp(SiprecSippScenarios.CancelBeforeAnswer(cancelAfterMs: 1000), port, "u1");
        var (_, output) = await RunAsync(sipp, expectPass: false);
        Assert.Matches(@"Aborting call on unexpected message[^\n]*received 'SIP/2\.0 200 OK[^']*CSeq: 1 INVITE", output);
    }

    private static async Task AssertRecordedAsync(FakeRecording call, string stream)
    {
        Assert.True(await Eventually.TrueAsync(() => call.EndReason is not null));
        Assert.Equal(CallEndReason.Normal, call.EndReason);
        Assert.Equal("0312345678", call.Info.OutsideNumber);
        var frames = call.FramesOf(call.Legs[0].LegId);
        var sent = File.ReadAllBytes(stream);
        Assert.Equal(sent.Length / 160, frames.Count);
        Assert.Equal(sent.AsSpan(0, 160).ToArray(), frames[0].Payload.ToArray());
    }

    /// <summary>
    /// The scenario is what RFC 3261 asks (sections 9.1 and 17.1.1.3): the CANCEL, and the ACK of the
    /// 487, carry the INVITE's branch; the ACK of a 2xx is a new transaction with its own.
    /// </summary>
    private static void AssertCancelAndAckCarryInviteBranch(string log, bool ackOf487 = true)
    {
        string Branch(string method) => SentRequest().Matches(log).First(m => m.Groups["method"].Value == method).Groups["branch"].Value;
        var invite = Branch("INVITE");
        Assert.Equal(invite, Branch("CANCEL"));
        if (ackOf487) Assert.Equal(invite, Branch("ACK"));
        else Assert.NotEqual(invite, Branch("ACK"));
    }

    private async Task<int> ActiveCallsAsync() =>
        (int)(await _adapter.CheckHealthAsync(CancellationToken.None)).Data!["activeCalls"];

    private async Task AssertPortsFreeAsync()
    {
        await Eventually.TrueAsync(() => BusyPorts().Count == 0);
        Assert.Empty(BusyPorts());
    }

    private List<int> BusyPorts()
    {
        var busy = new List<int>();
        for (var port = _rtpMin; port < _rtpMin + RtpPorts; port += 2)
        {
            using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                s.Bind(new IPEndPoint(IPAddress.Loopback, port));
            }
            catch (SocketException)
            {
                busy.Add(port);
            }
        }

        return busy;
    }

    /// <summary>A request sipp sent, as its message log shows it: the start line, then the Via's branch.</summary>
    [GeneratedRegex(@"(?<method>[A-Z]+) sip:\S+ SIP/2\.0\r?\nVia: SIP/2\.0/\w+ [^;\r\n]+;branch=(?<branch>[^;\s]+)")]
    private static partial Regex SentRequest();
}
