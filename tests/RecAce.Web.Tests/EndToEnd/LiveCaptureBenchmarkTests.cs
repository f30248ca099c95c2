using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace RecAce.Web.Tests.EndToEnd;

/// <summary>
/// The highest tcpreplay rate the live capture records with zero drops: 500 concurrent calls replayed
/// into a veth pair in a namespace of the test's own, each rate run bounded in packets and time.
/// </summary>
[Trait("Category", "RealPeer")]
[Trait("Category", "Benchmark")]
[Collection(TimingSensitiveCollection.Name)]
// Run once, in the SQLite pass: a capture benchmark: packets and CPU, not queries.
[Trait("Database", "Independent")]
public sealed partial class LiveCaptureBenchmarkTests(ITestOutputHelper output) : IDisposable
{
    private static readonly int[] Rates = [25_000, 50_000, 100_000, 200_000, 400_000];
    private readonly TempDirectory _temp = new("recace-capture-bench");

    [RealPeerFact("tcpreplay", "ip", NeedsRoot = true)]
    public async Task LiveCapture_RisingReplayRates_HighestZeroDropRateAtLeastFiftyThousand()
    {
        var pcap = _temp.Combine("load.pcap");
        var total = SyntheticCalls.Write(pcap, calls: 500, packetsPerDirection: 200);
        await using var veth = await VethNamespace.CreateAsync();
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["RecAce:DataDirectory"] = _temp.Combine("data"),
            ["RecAce:PluginHost:HealthCheckIntervalSeconds"] = "1",
            ["Plugins:Capture:Enabled"] = "true",
            ["Plugins:Capture:Interface"] = veth.HostEnd,
            ["Plugins:Capture:Filter"] = "udp",
        });
        using var client = host.CreateClient();
        await WaitForCaptureAsync(client, host);

        var best = 0.0;
        foreach (var rate in Rates)
        {
            var (before, dropsBefore) = await CountersAsync(client);
            var (code, replay) = await veth.ReplayAsync(pcap, TimeSpan.FromSeconds(60), $"--pps={rate}");
            Assert.True(code == 0, replay);
            var sent = long.Parse(SentPackets().Match(replay).Groups[1].Value, CultureInfo.InvariantCulture);
            var (after, dropsAfter) = await SettledCountersAsync(client);
            var received = after - before;
            var dropped = dropsAfter - dropsBefore;
            output.WriteLine($"tcpreplay --pps={rate}: sent {sent}, captured {received}, dropped {dropped} ({replay.Split('\n').FirstOrDefault(l => l.Contains("Rated", StringComparison.Ordinal))?.Trim()})");
            // tcpreplay may not reach the asked rate on a shared machine: count what it achieved.
            var achieved = double.Parse(AchievedRate().Match(replay).Groups[1].Value, CultureInfo.InvariantCulture);
            if (dropped == 0 && received >= sent) best = Math.Max(best, Math.Min(rate, achieved));
            else break;
        }
        output.WriteLine($"highest zero-drop live rate: {best:N0} packets/s ({total} packets per run, 500 calls)");
        Assert.True(best >= 50_000, $"highest zero-drop rate {best:N0} packets/s");
    }

    public void Dispose() => _temp.Dispose();

    private static async Task WaitForCaptureAsync(HttpClient client, HostProcess host)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if ((await CaptureDetailAsync(client))?.StartsWith("Capturing:", StringComparison.Ordinal) == true) return;
            await Task.Delay(250);
        }
        throw new TimeoutException($"the capture never started:\n{host.Log}");
    }

    /// <summary>Counters once they stop moving: the kernel buffer may still hold packets the engine has not read
    /// (the first run opens 500 calls). Pcap statistics and health are refreshed once a second.</summary>
    private static async Task<(long Packets, long Drops)> SettledCountersAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var last = (-1L, -1L);
        await Task.Delay(2000);
        while (DateTime.UtcNow < deadline)
        {
            var current = await CountersAsync(client);
            if (current == last) return current;
            last = current;
            await Task.Delay(1500);
        }
        return last;
    }

    private static async Task<(long Packets, long Drops)> CountersAsync(HttpClient client)
    {
        var detail = await CaptureDetailAsync(client) ?? "";
        var match = HealthCounters().Match(detail);
        Assert.True(match.Success, detail);
        return (long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
            long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) + long.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture));
    }

    private static async Task<string?> CaptureDetailAsync(HttpClient client)
    {
        // /healthz answers 503 when any part is unhealthy (ffmpeg, disk): the body is read either way.
        using var response = await client.GetAsync("/healthz");
        var health = await response.Content.ReadFromJsonAsync<JsonElement>();
        foreach (var plugin in health.GetProperty("parts").GetProperty("plugins").EnumerateArray())
        {
            if (plugin.GetProperty("id").GetString() == "Capture")
                return plugin.TryGetProperty("detail", out var d) ? d.GetString() : null;
        }
        return null;
    }

    [GeneratedRegex(@"(\d+) packets, (\d+) dropped by the kernel, (\d+) by the interface")]
    private static partial Regex HealthCounters();

    [GeneratedRegex(@"Rated: [\d.]+ Bps, [\d.]+ Mbps, ([\d.]+) pps")]
    private static partial Regex AchievedRate();

    [GeneratedRegex(@"Actual: (\d+) packets")]
    private static partial Regex SentPackets();
}
