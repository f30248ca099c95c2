using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LinqToDB;
using LinqToDB.Async;
using RecAce.Data.Entities;
using RecAce.Data.Integrity;
using RecAce.Tests;
using RecAce.Web.Tests.Transcription;

namespace RecAce.Web.Tests.EndToEnd;

/// <summary>
/// Three real host processes on one real PostgreSQL database and one shared folder (data, spool and
/// recordings): node A records (FolderImport) and serves the web, nodes B and C are workers that
/// finalize and transcribe through the clustered Quartz store. The worker that starts finalizing first
/// is killed with SIGKILL mid-finalize; the other recovers its jobs. Every call ends finalized exactly
/// once: one recording row, one seal in the integrity chain, its file in the shared store, transcribed.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(TimingSensitiveCollection.Name)]
public sealed partial class ThreeNodeClusterTests : IDisposable
{
    private const int Calls = 6;
    private readonly TempDirectory _temp = new("recace-cluster");

    private string Share => _temp.Combine("share");

    private string DataDirectory => Path.Combine(Share, "data");

    private string ImportFolder => _temp.Combine("import");

    [PostgresFact]
    public async Task ThreeNodes_WorkerKilledMidFinalize_EveryCallFinalizedAndTranscribedExactlyOnce()
    {
        var shared = new Dictionary<string, string>
        {
            ["RecAce:DataDirectory"] = DataDirectory,
            ["RecAce:SpoolDirectory"] = Path.Combine(Share, "spool"),
            ["RecAce:Storage:Root"] = Path.Combine(Share, "store"),
            // A dead worker is noticed after two missed check-ins: 4 s instead of the default 15 s.
            ["RecAce:Node:ClusterCheckinSeconds"] = "2",
            ["RecAce:Transcription:RetryBaseDelaySeconds"] = "2",
        };
        var database = TestDatabase.ForDataDirectory(DataDirectory);
        foreach (var (key, value) in database.Settings) shared[key] = value;
        Directory.CreateDirectory(ImportFolder);

        var token = (await HostProcess.RunVerbAsync(shared, "token", "create", "--name", "cluster", "--role", "Admin")).Stdout;
        var transcribe = SharedFixtures.Folder is not null;
        if (transcribe)
        {
            var installed = await HostProcess.RunVerbAsync(shared, "model", "install", SharedFixtures.WeightlessTiny, "--allow-unknown");
            Assert.True(installed.ExitCode == 0, installed.Stderr);
        }

        // One at a time: the first start migrates the database and provisions Quartz's tables.
        await using var a = await HostProcess.StartAsync(Node(shared, "node-a", "ingest,web", new()
        {
            ["Plugins:FolderImport:Enabled"] = "true",
            ["Plugins:FolderImport:Path"] = ImportFolder,
            ["Plugins:FolderImport:PollIntervalSeconds"] = "1",
            ["Plugins:FolderImport:StableSeconds"] = "1",
        }));
        await using var b = await HostProcess.StartAsync(Node(shared, "node-b", "worker"));
        await using var c = await HostProcess.StartAsync(Node(shared, "node-c", "worker"));
        using var client = a.CreateClient(token);

        var health = await client.GetFromJsonAsync<JsonElement>("/healthz");
        Assert.Equal("node-a", health.GetProperty("node").GetProperty("id").GetString());
        Assert.Equal(["ingest", "web"], health.GetProperty("node").GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        using (var workerClient = b.CreateClient(token))
        {
            var workerHealth = await workerClient.GetFromJsonAsync<JsonElement>("/healthz");
            Assert.Equal(["worker"], workerHealth.GetProperty("node").GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
            // A worker has no web role: the API is not there, even signed in.
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await workerClient.GetAsync("/api/v1/calls")).StatusCode);
        }

        for (var i = 0; i < Calls; i++) await DropCallAsync(i);

        // The first worker to start finalizing is killed at once, in the middle of it.
        var (victim, survivor, victimName) = await FirstToFinalizeAsync(b, c, a);
        var started = Finalizing().Matches(victim.Log).Select(m => m.Groups[1].Value).ToHashSet();
        await victim.KillAsync();
        var interrupted = started.Where(id => !victim.Log.Contains($"Call {id} finalized", StringComparison.Ordinal)).ToList();
        Assert.True(interrupted.Count > 0, $"{victimName} was killed after finishing what it started:\n{victim.Log}");

        var ids = await WaitForAllAsync(client, transcribe, a, survivor);

        using var db = database.Factory.Open();
        Assert.Equal(Calls, await db.Calls.CountAsync());
        Assert.Equal(Calls, await db.Calls.CountAsync(x => x.Status == CallStatus.Finalized));
        foreach (var id in ids)
        {
            Assert.Equal(1, await db.Recordings.CountAsync(r => r.CallId == id));
            Assert.Equal(1, await db.ChainEntries.CountAsync(e => e.CallId == id && e.Kind == ChainEntryKind.Seal));
            var recording = await db.Recordings.FirstAsync(r => r.CallId == id);
            var file = Path.Combine(Share, "store", recording.Path);
            Assert.True(File.Exists(file), $"{file} is in the shared store");
            Assert.Equal(recording.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(file))));
        }

        // The interrupted calls were finished by the survivor; the ingest node finalized nothing.
        foreach (var id in interrupted) Assert.Contains($"Call {id} finalized", survivor.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("Finalizing call", a.Log, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(Share, "spool")));

        var verify = await HostProcess.RunVerbAsync(shared, "verify", "--all");
        Assert.True(verify.ExitCode == 0, verify.Stdout + verify.Stderr);
    }

    public void Dispose() => _temp.Dispose();

    private static Dictionary<string, string> Node(Dictionary<string, string> shared, string id, string roles, Dictionary<string, string>? more = null)
    {
        var settings = new Dictionary<string, string>(shared) { ["RecAce:Node:Id"] = id, ["RecAce:Node:Roles"] = roles };
        foreach (var (key, value) in more ?? []) settings[key] = value;
        return settings;
    }

    /// <summary>A 20 s stereo call, each with its own tones (so no two files are alike), dropped as a PBX recorder would.</summary>
    private async Task DropCallAsync(int i)
    {
        var staging = _temp.Combine($"staging-{i}.wav");
        var left = (300 + (37 * i)).ToString(CultureInfo.InvariantCulture);
        var right = (900 + (53 * i)).ToString(CultureInfo.InvariantCulture);
        await MediaTools.RunAsync("ffmpeg", "-hide_banner", "-v", "error", "-y",
            "-f", "lavfi", "-i", $"sine=frequency={left}:sample_rate=8000:duration=20",
            "-f", "lavfi", "-i", $"sine=frequency={right}:sample_rate=8000:duration=20",
            "-filter_complex", "[0:a][1:a]join=inputs=2:channel_layout=stereo[out]", "-map", "[out]", "-c:a", "pcm_s16le", staging);
        var number = "03100000" + i.ToString("00", CultureInfo.InvariantCulture);
        File.Move(staging, Path.Combine(ImportFolder, $"in-201-{number}-20260401-1015{i:00}-17750061{i:00}.{i + 1}.wav"));
    }

    private static async Task<(HostProcess Victim, HostProcess Survivor, string Name)> FirstToFinalizeAsync(HostProcess b, HostProcess c, HostProcess a)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (b.Log.Contains("Finalizing call", StringComparison.Ordinal)) return (b, c, "node-b");
            if (c.Log.Contains("Finalizing call", StringComparison.Ordinal)) return (c, b, "node-c");
            await Task.Delay(10);
        }

        throw new TimeoutException($"No worker started finalizing.\nA:\n{a.Log}\nB:\n{b.Log}\nC:\n{c.Log}");
    }

    private static async Task<List<Guid>> WaitForAllAsync(HttpClient client, bool transcribed, HostProcess a, HostProcess survivor)
    {
        var deadline = DateTime.UtcNow.AddSeconds(300);
        var ids = new List<Guid>();
        while (DateTime.UtcNow < deadline)
        {
            var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/calls?pageSize=100");
            var items = page.GetProperty("items").EnumerateArray().ToList();
            ids = items.Select(x => x.GetProperty("id").GetGuid()).ToList();
            if (items.Count == Calls && items.All(x => x.GetProperty("status").GetString() == "Finalized"))
            {
                if (!transcribed) return ids;
                var done = 0;
                foreach (var id in ids)
                {
                    // 404 until the transcription is queued.
                    using var response = await client.GetAsync($"/api/v1/calls/{id}/transcript");
                    if (response.IsSuccessStatusCode && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString() == "Done") done++;
                }

                if (done == Calls) return ids;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"Not every call was finalized{(transcribed ? " and transcribed" : "")} ({ids.Count} calls seen).\nA:\n{a.Log}\nSurvivor:\n{survivor.Log}");
    }

    [GeneratedRegex(@"Finalizing call ([0-9a-f-]{36})")]
    private static partial Regex Finalizing();
}
