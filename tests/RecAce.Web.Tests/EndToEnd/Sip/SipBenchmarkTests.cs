using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace RecAce.Web.Tests.EndToEnd.Sip;

/// <summary>
/// Load: sipp places concurrent SIPREC calls (two labelled streams each, RTP by rtp_stream on the
/// first) to the real host, bounded by -r/-l/-m/-timeout; packets the host counted per leg are
/// compared with what sipp sent. Size with RECACE_SIP_BENCH_CALLS and RECACE_SIP_BENCH_SECONDS.
/// </summary>
[Trait("Category", "RealPeer")]
[Trait("Category", "Benchmark")]
[Collection(TimingSensitiveCollection.Name)]
// Run once, in the SQLite pass: a media benchmark: packets and CPU, not queries.
[Trait("Database", "Independent")]
public sealed class SipBenchmarkTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _temp = new("recace-sip-bench");

    [Fact]
    public async Task ConcurrentSiprecCalls_HeldThenBye_HostCountsEverySentPacket()
    {
        var calls = Setting("RECACE_SIP_BENCH_CALLS", 20);
        var loops = Math.Max(1, Setting("RECACE_SIP_BENCH_SECONDS", 12) / 6);
        var sipPort = SipRealPeerTests.FreeSipPort();
        var rtpBase = 50000 + (2 * Random.Shared.Next(0, 1000));
        var settings = new Dictionary<string, string>
        {
            ["RecAce:DataDirectory"] = _temp.Combine("data"),
            ["Plugins:Sip:Enabled"] = "true",
            ["Plugins:Sip:Listen"] = "127.0.0.1",
            ["Plugins:Sip:Port"] = sipPort.ToString(CultureInfo.InvariantCulture),
            ["Plugins:Sip:RtpPortMin"] = rtpBase.ToString(CultureInfo.InvariantCulture),
            ["Plugins:Sip:RtpPortMax"] = (rtpBase + (4 * calls) + 100).ToString(CultureInfo.InvariantCulture),
        };
        var speech = await SpeechSource.MakeAsync(_temp.Path, "ja", "ja", SpeechSource.Japanese, "ul", TimeSpan.FromSeconds(6));
        var outside = "0120" + Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);
        var metadata = SippScenario.Metadata(outside, "負荷 試験", "201", "山田 花子");
        var hold = TimeSpan.FromSeconds(6 * loops);
        var media = $"<nop><action><exec rtp_stream=\"{speech.Raw},{loops},0\" /></action></nop>\n" + SippScenario.Pause(hold + TimeSpan.FromMilliseconds(200));
        var scenario = SippScenario.Fill("PCMU", 0, metadata, media, SippScenario.Bye);
        var (code, token, stderr) = await HostProcess.RunVerbAsync(settings, "token", "create", "--name", "bench", "--role", "Admin");
        Assert.True(code == 0, stderr);
        await using var host = await HostProcess.StartAsync(settings);
        var ready = DateTime.UtcNow.AddSeconds(30);
        while (!host.Log.Contains("SIP recorder listening", StringComparison.Ordinal) && DateTime.UtcNow < ready) await Task.Delay(100);

        var clock = Stopwatch.StartNew();
        var rate = Math.Max(1, calls / 5).ToString(CultureInfo.InvariantCulture);
        var total = calls.ToString(CultureInfo.InvariantCulture);
        using (var sipp = SippProcess.Start(_temp.Path, scenario, sipPort, "u1", 34000 + (4 * Random.Shared.Next(0, 500)), SipRealPeerTests.FreeSipPort(), "-r", rate, "-l", total, "-m", total))
        {
            // The benchmark's own -m/-l/-r override the single-call defaults given first.
            var exit = await sipp.WaitAsync(hold + TimeSpan.FromSeconds(120));
            Assert.True(exit == 0, $"sipp exited with {exit}\n{host.Log}");
        }

        var elapsed = clock.Elapsed;
        using var client = host.CreateClient(token);
        var packets = await CountPacketsAsync(client, outside, calls, host);
        var sentPerCall = (int)(new FileInfo(speech.Raw).Length / 160) * loops;
        long sent = (long)sentPerCall * calls;
        var loss = sent == 0 ? 0 : 100.0 * (sent - packets) / sent;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SIP benchmark: {calls} SIPREC calls (2 streams negotiated, RTP on 1), up to {calls} at once, held {hold.TotalSeconds:0} s, {elapsed.TotalSeconds:0.0} s in all; packets sent {sent}, received {packets}, loss {loss:0.000} %"));
        Assert.True(packets >= sent * 0.999, $"received {packets} of {sent}");
    }

    public void Dispose() => _temp.Dispose();

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? Math.Min(v, 600) : fallback;

    private static async Task<long> CountPacketsAsync(HttpClient client, string number, int calls, HostProcess host)
    {
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (DateTime.UtcNow < deadline)
        {
            var ids = new List<string>();
            for (var page = 1; page <= 10; page++)
            {
                var json = await client.GetFromJsonAsync<JsonElement>($"/api/v1/calls?number={number}&pageSize=200&page={page}");
                var items = json.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("status").GetString() != "Recording").ToList();
                ids.AddRange(items.Select(i => i.GetProperty("id").GetString()!));
                if (json.GetProperty("items").GetArrayLength() < 200) break;
            }

            if (ids.Count >= calls)
            {
                long packets = 0;
                foreach (var id in ids)
                {
                    var call = await client.GetFromJsonAsync<JsonElement>($"/api/v1/calls/{id}");
                    packets += call.GetProperty("legs").EnumerateArray().Sum(l => l.GetProperty("packets").GetInt64());
                }

                return packets;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"Not all {calls} calls closed:\n{host.Log}");
    }
}
