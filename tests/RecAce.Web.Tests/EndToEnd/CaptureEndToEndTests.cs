using System.Net.Http.Json;
using System.Text.Json;

namespace RecAce.Web.Tests.EndToEnd;

/// <summary>
/// Real peers: a sipp call on loopback captured by tcpdump, imported by <c>recace import-pcap</c> through
/// the real Capture plugin, then checked through /api/v1 and against the audio the peers sent.
/// </summary>
[Trait("Category", "RealPeer")]
[Collection(TimingSensitiveCollection.Name)]
// Run once, in the SQLite pass: the subject is pcap replay and RTP reassembly.
[Trait("Database", "Independent")]
public sealed class CaptureEndToEndTests : IDisposable
{
    private readonly TempDirectory _temp = new("recace-capture-e2e");

    private Dictionary<string, string> Settings => new()
    {
        ["RecAce:DataDirectory"] = _temp.Combine("data"),
    };

    [RealPeerFact("sipp", "tcpdump", "espeak-ng", "sox", "ffmpeg")]
    public async Task ImportPcap_SippCallCapturedOnLoopback_CallWithNumbersLegsDurationAndAudioMatchingBothPeers()
    {
        await RealTimeAttempts.RunAsync(async () =>
        {
            // A fresh data folder per attempt: the import must find exactly one call.
            var data = _temp.Combine("data-" + Guid.NewGuid().ToString("N"));
            var settings = new Dictionary<string, string> { ["RecAce:DataDirectory"] = data };
            var call = await SippLoopbackCall.RecordAsync(_temp.Combine("peers-" + Guid.NewGuid().ToString("N")));

            var (code, stdout, stderr) = await HostProcess.RunVerbAsync(settings, "import-pcap", call.Pcap);
            Assert.True(code == 0, stderr);
            Assert.Contains("1 calls (1 finalized)", stdout, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', stdout.Trim());

            var token = await CreateTokenAsync(settings);
            await using var host = await HostProcess.StartAsync(settings);
            using var client = host.CreateClient(token);
            var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/calls?number=0312345678");
            var item = Assert.Single(page.GetProperty("items").EnumerateArray());
            var detail = await client.GetFromJsonAsync<JsonElement>($"/api/v1/calls/{item.GetProperty("id").GetString()}");

            Assert.Equal("Finalized", detail.GetProperty("status").GetString());
            Assert.Equal("0312345678", detail.GetProperty("outsideNumber").GetString());
            Assert.Equal("1001", detail.GetProperty("staffExtension").GetString());
            Assert.Equal("Inbound", detail.GetProperty("direction").GetString());
            Assert.InRange(detail.GetProperty("durationSeconds").GetDouble(), call.Seconds - 0.6, call.Seconds + 0.6);
            var legs = detail.GetProperty("legs").EnumerateArray().ToList();
            Assert.Equal(2, legs.Count);
            Assert.Contains(legs, l => l.GetProperty("role").GetString() == "Outside" && l.GetProperty("label").GetString() == "0312345678");
            Assert.Contains(legs, l => l.GetProperty("role").GetString() == "Staff" && l.GetProperty("label").GetString() == "1001");

            var stored = _temp.Combine("call.opus");
            await File.WriteAllBytesAsync(stored, await client.GetByteArrayAsync($"/api/v1/calls/{item.GetProperty("id").GetString()}/audio"));
            // Left is the outside party (the caller's speech), right is staff (the callee's sweep).
            await AssertChannelMatchesAsync(stored, 0, call.CallerSource);
            await AssertChannelMatchesAsync(stored, 1, call.CalleeSource);
        });
    }

    [RealPeerFact("sipp", "tcpdump", "tcpreplay", "ip", "espeak-ng", "sox", "ffmpeg", NeedsRoot = true)]
    public async Task LiveCapture_SippCaptureReplayedIntoVeth_DecodedAudioIdenticalToOfflineImport()
    {
        var call = await SippLoopbackCall.RecordAsync(_temp.Combine("peers"));
        var offlineData = _temp.Combine("offline");
        var (code, _, stderr) = await HostProcess.RunVerbAsync(new Dictionary<string, string> { ["RecAce:DataDirectory"] = offlineData }, "import-pcap", call.Pcap);
        Assert.True(code == 0, stderr);
        var offline = Assert.Single(Recordings(offlineData));

        await using var veth = await VethNamespace.CreateAsync();
        var liveData = _temp.Combine("live");
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["RecAce:DataDirectory"] = liveData,
            ["Plugins:Capture:Enabled"] = "true",
            ["Plugins:Capture:Interface"] = veth.HostEnd,
            ["Plugins:Capture:Filter"] = "udp",
        });
        await WaitForAsync(() => host.Log.Contains("Capturing on " + veth.HostEnd, StringComparison.Ordinal), TimeSpan.FromSeconds(30), host);
        // Original timing (no speed-up): the live path takes arrival times from the kernel.
        var (replayCode, replayOutput) = await veth.ReplayAsync(call.Pcap, TimeSpan.FromSeconds(60));
        Assert.True(replayCode == 0, replayOutput);
        await WaitForAsync(() => Recordings(liveData).Count > 0, TimeSpan.FromSeconds(60), host);
        var live = Assert.Single(Recordings(liveData));

        // Every packet went through the same decoding: per leg the same packets, no loss, lateness or
        // duplicates in either path, and the same samples but for where the first packet lands
        // (the live path starts each leg at the kernel's arrival time, which tcpreplay jitters).
        var offlineLegs = LegCounters(offlineData);
        var liveLegs = LegCounters(liveData);
        Assert.Equal(2, offlineLegs.Count);
        Assert.Equal(offlineLegs.Keys.Order(), liveLegs.Keys.Order());
        foreach (var (leg, o) in offlineLegs)
        {
            var l = liveLegs[leg];
            Assert.Equal(o.Packets, l.Packets);
            Assert.Equal((0L, 0L, 0L, 0L), (l.Lost, l.Late, l.Duplicate, l.Malformed));
            Assert.InRange(l.Samples - o.Samples, -400, 400);
        }
        // Through the stored Opus (lossy, stereo-coded: not bit-identical) the content still matches.
        for (var channel = 0; channel < 2; channel++)
        {
            var expected = await MediaTools.DecodeChannelAsync(offline, channel, 8000);
            var actual = await MediaTools.DecodeChannelAsync(live, channel, 8000);
            var r = MediaTools.Correlation(expected, actual, maxLag: 800);
            Assert.True(r > 0.9, $"channel {channel}: live correlates {r:0.0000} with the offline import");
        }
    }

    private static Dictionary<string, (long Packets, long Lost, long Late, long Duplicate, long Malformed, long Samples)> LegCounters(string dataDirectory)
    {
        var database = RecAce.Tests.TestDatabase.FactoryFor(dataDirectory);
        using var db = database.Open();
        var legs = db.Legs.ToList().ToDictionary(l => l.LegId, l => (l.Packets, l.Lost, l.Late, l.Duplicate, l.Malformed, l.Samples), StringComparer.Ordinal);
        database.ClearPools();
        return legs;
    }

    private static List<string> Recordings(string dataDirectory)
    {
        var folder = Path.Combine(dataDirectory, "recordings");
        return Directory.Exists(folder) ? [.. Directory.EnumerateFiles(folder, "*.opus", SearchOption.AllDirectories)] : [];
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout, HostProcess host)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"gave up waiting:\n{host.Log}");
            await Task.Delay(250);
        }
    }

    [RealPeerFact("ffmpeg")]
    public async Task ImportPcap_GarbageFile_NonZeroExitWithOneLineReason()
    {
        var garbage = _temp.Combine("garbage.pcap");
        await File.WriteAllBytesAsync(garbage, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31))]);
        var (code, stdout, stderr) = await HostProcess.RunVerbAsync(Settings, "import-pcap", garbage);
        Assert.NotEqual(0, code);
        Assert.Contains("neither pcap nor pcapng", stderr, StringComparison.Ordinal);
        Assert.Equal("", stdout);
    }

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("RECACE_KEEP_TEST_FILES") is null) _temp.Dispose();
    }

    internal static async Task AssertChannelMatchesAsync(string stored, int channel, string source)
    {
        // A wide lag window: a loaded machine may start a peer's stream a few hundred milliseconds late.
        var expected = await MediaTools.DecodeChannelAsync(source, 0, 8000);
        var actual = await MediaTools.DecodeChannelAsync(stored, channel, 8000);
        var r = MediaTools.Correlation(expected, actual, maxLag: 4000);
        Assert.True(r > 0.9, $"channel {channel} correlates {r:0.000} with its source");
    }

    private static async Task<string> CreateTokenAsync(Dictionary<string, string> settings)
    {
        var (code, stdout, stderr) = await HostProcess.RunVerbAsync(settings, "token", "create", "--name", "capture-e2e", "--role", "Admin");
        Assert.True(code == 0, stderr);
        return stdout;
    }
}
