using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RecAce.Web.Tests.EndToEnd.Sip;

/// <summary>
/// The real host with the real Sip plugin, and sipp as the SIPREC client (SRC) over UDP and TCP,
/// sending Japanese and English speech made by espeak-ng.
/// </summary>
[Trait("Category", "RealPeer")]
[Collection(TimingSensitiveCollection.Name)]
// Run once, in the SQLite pass: the subject is SIP and RTP from real peers; the call rows are plain inserts covered on both engines elsewhere.
[Trait("Database", "Independent")]
public sealed partial class SipRealPeerTests : IDisposable
{
    private static readonly TimeSpan CallLength = TimeSpan.FromSeconds(6);
    private readonly TempDirectory _temp = new("recace-sip");
    private readonly int _sipPort = FreeSipPort();
    private readonly int _rtpBase = SipRecorderSettings.RandomRtpBase();
    private readonly int _sippMediaPort = 30000 + (4 * Random.Shared.Next(0, 2000));

    private Dictionary<string, string> Settings => SipRecorderSettings.For(_temp.Combine("data"), _sipPort, _rtpBase, rtpTimeoutSeconds: 3);

    [Theory]
    [InlineData("u1", "ul", "PCMU", 0)]
    [InlineData("t1", "ul", "PCMU", 0)]
    [InlineData("u1", "al", "PCMA", 8)]
    public async Task SippSiprecCall_TwoSpeechStreamsThenBye_CallWithBothLegsParticipantsDurationAndMatchingAudio(string transport, string encoding, string codec, int payloadType)
    {
        // Each attempt is a new call with its own outside number, looked up by that number.
        await RealTimeAttempts.RunAsync(async () =>
        {
            var (japanese, english) = await MakeSourcesAsync(encoding);
            var outside = "03" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
            var metadata = SippScenario.Metadata(outside, "佐藤 太郎", "201", "山田 花子");
            var scenario = SippScenario.Fill(codec, payloadType, metadata, SippScenario.StreamAndWait(japanese.Raw, payloadType, CallLength), SippScenario.Bye);
            var token = await CreateTokenAsync();
            await using var host = await HostProcess.StartAsync(Settings);
            using var client = host.CreateClient(token);

            var length = await RunSippAsync(scenario, transport, english.Raw, payloadType, host);

            var call = await FinalizedCallWait.ForNumberAsync(client, outside, host);
            Assert.Equal("佐藤 太郎", call.GetProperty("outsideName").GetString());
            Assert.Equal("201", call.GetProperty("staffExtension").GetString());
            Assert.Equal("山田 花子", call.GetProperty("staffName").GetString());
            Assert.Equal("Inbound", call.GetProperty("direction").GetString());
            var legs = call.GetProperty("legs");
            Assert.Equal(2, legs.GetArrayLength());
            Assert.Equal(["Outside", "Staff"], legs.EnumerateArray().Select(l => l.GetProperty("role").GetString()));
            // The recording lasts as long as the call did from answer to BYE, as sipp measured it.
            var duration = call.GetProperty("recording").GetProperty("durationSeconds").GetDouble();
            Assert.InRange(duration, length.TotalSeconds - 0.2, length.TotalSeconds + 0.2);
            await LegAudioAssert.MatchSourcesAsync(client, call, _temp.Combine("downloaded.opus"), 8000,
                // Up to 200 ms: the offset between call start and the first packet of each stream.
                (source, recorded) => MediaTools.Correlation(source, recorded, maxLag: 1600), [(0, japanese.Wav), (1, english.Wav)]);
        });
    }

    [Fact]
    public async Task SippSiprecCall_MetadataReInvite_CallShowsNewStaffMember()
    {
        var (japanese, english) = await MakeSourcesAsync("ul");
        var outside = "06" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        var first = SippScenario.Metadata(outside, "佐藤 太郎", "201", "山田 花子");
        var transferred = SippScenario.Metadata(outside, "佐藤 太郎", "305", "田中 一郎");
        var half = TimeSpan.FromTicks(CallLength.Ticks / 2);
        var media = SippScenario.StreamAndWait(japanese.Raw, 0, half) + SippScenario.ReInvite("PCMU", 0, transferred) + SippScenario.Pause(half);
        var token = await CreateTokenAsync();
        await using var host = await HostProcess.StartAsync(Settings);
        using var client = host.CreateClient(token);

        await RunSippAsync(SippScenario.Fill("PCMU", 0, first, media, SippScenario.Bye), "u1", english.Raw, 0, host);

        var call = await FinalizedCallWait.ForNumberAsync(client, outside, host);
        Assert.Equal("305", call.GetProperty("staffExtension").GetString());
        Assert.Equal("田中 一郎", call.GetProperty("staffName").GetString());
        Assert.Equal(2, call.GetProperty("legs").GetArrayLength());
    }

    [Fact]
    public async Task SippSiprecCall_SourceNeverSendsBye_RecorderEndsItAfterRtpTimeoutWithBye()
    {
        var (japanese, english) = await MakeSourcesAsync("ul");
        var outside = "045" + Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);
        var metadata = SippScenario.Metadata(outside, "佐藤 太郎", "201", "山田 花子");
        var scenario = SippScenario.Fill("PCMU", 0, metadata, SippScenario.StreamAndWait(japanese.Raw, 0, CallLength), SippScenario.AwaitByeFromRecorder);
        var token = await CreateTokenAsync();
        await using var host = await HostProcess.StartAsync(Settings);
        using var client = host.CreateClient(token);

        await RunSippAsync(scenario, "u1", english.Raw, 0, host);

        var call = await FinalizedCallWait.ForNumberAsync(client, outside, host);
        Assert.Equal(2, call.GetProperty("legs").GetArrayLength());
        Assert.Contains("no RTP", host.Log, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>sipp drives signalling and the first stream; the second stream is paced from here to the answer's second port.</summary>
    private async Task<TimeSpan> RunSippAsync(string scenario, string transport, string secondRaw, int payloadType, HostProcess host)
    {
        await WaitForListenerAsync(host);
        using var sipp = SippProcess.Start(_temp.Path, scenario, _sipPort, transport, _sippMediaPort, FreeSipPort());
        int[] ports;
        try
        {
            ports = await sipp.AnswerPortsAsync(TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{sipp.Messages}\n{host.Log}", e);
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var sent = await PacedRtpSender.SendAsync(secondRaw, payloadType, new IPEndPoint(IPAddress.Loopback, ports[1]), cts.Token);
        Assert.True(sent > 0);
        var exit = await sipp.WaitAsync(TimeSpan.FromSeconds(90));
        Assert.True(exit == 0, $"sipp exited with {exit}\n{sipp.Messages}\n{host.Log}");
        return scenario.Contains("BYE sip:", StringComparison.Ordinal) ? sipp.CallLength() : TimeSpan.Zero;
    }

    /// <summary>/healthz answers before the plugins have started: wait for the listener itself.</summary>
    internal static async Task WaitForListenerAsync(HostProcess host)
    {
        var ready = DateTime.UtcNow.AddSeconds(30);
        while (!host.Log.Contains("SIP recorder listening", StringComparison.Ordinal) && DateTime.UtcNow < ready) await Task.Delay(100);
    }

    private async Task<(SpeechSource Japanese, SpeechSource English)> MakeSourcesAsync(string encoding)
    {
        var japanese = await SpeechSource.MakeAsync(_temp.Path, "ja", "ja", SpeechSource.Japanese, encoding, CallLength);
        var english = await SpeechSource.MakeAsync(_temp.Path, "en", "en", SpeechSource.English, encoding, CallLength);
        return (japanese, english);
    }

    private async Task<string> CreateTokenAsync()
    {
        var (code, stdout, stderr) = await HostProcess.RunVerbAsync(Settings, "token", "create", "--name", "sip", "--role", "Admin");
        Assert.True(code == 0, stderr);
        return stdout;
    }

    /// <summary>A port free for both UDP and TCP on 127.0.0.1.</summary>
    internal static int FreeSipPort()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            try
            {
                using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException("no free SIP port");
    }
}
