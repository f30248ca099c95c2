using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RecAce.Web.Tests.EndToEnd;

/// <summary>
/// The real host process with the real FolderImport plugin loaded from its plugins folder, real
/// ffmpeg, and files dropped into the import folder as a PBX recorder would.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class FolderImportEndToEndTests : IDisposable
{
    private readonly TempDirectory _temp = new("recace-e2e");

    private Dictionary<string, string> Settings => new()
    {
        ["RecAce:DataDirectory"] = _temp.Combine("data"),
        ["Plugins:FolderImport:Enabled"] = "true",
        ["Plugins:FolderImport:Path"] = ImportFolder,
        ["Plugins:FolderImport:PollIntervalSeconds"] = "1",
        ["Plugins:FolderImport:StableSeconds"] = "1",
    };

    private string ImportFolder => _temp.Combine("import");

    [Fact]
    public async Task DropStereoMixMonitorWav_CallAppearsWithNumberDurationAndStereoOpusMatchingEachChannel()
    {
        Directory.CreateDirectory(ImportFolder);
        var (source, seconds) = await MakeStereoSourceAsync(_temp.Combine("source.wav"));
        var token = await CreateTokenAsync();
        await using var host = await HostProcess.StartAsync(Settings);
        using var client = host.CreateClient(token);

        const string name = "in-201-0312345678-20260401-101530-1775006130.42.wav";
        Drop(source, name);
        var call = await FinalizedCallWait.ForNumberAsync(client, "0312345678", host);

        Assert.Equal("0312345678", call.GetProperty("outsideNumber").GetString());
        Assert.Equal("201", call.GetProperty("staffExtension").GetString());
        Assert.Equal("Inbound", call.GetProperty("direction").GetString());
        Assert.Equal("2026-04-01T10:15:30+09:00", call.GetProperty("startedAt").GetString());
        Assert.InRange(call.GetProperty("durationSeconds").GetDouble(), seconds - 0.1, seconds + 0.1);

        var id = call.GetProperty("id").GetString();
        var stored = _temp.Combine("downloaded.opus");
        var audio = await client.GetAsync($"/api/v1/calls/{id}/audio");
        Assert.Equal(HttpStatusCode.OK, audio.StatusCode);
        await File.WriteAllBytesAsync(stored, await audio.Content.ReadAsByteArrayAsync());

        using var range = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/calls/{id}/audio");
        range.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(100, 199);
        var partial = await client.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(100, (await partial.Content.ReadAsByteArrayAsync()).Length);

        var probe = JsonDocument.Parse(await MediaTools.RunAsync("ffprobe", "-v", "error", "-print_format", "json", "-show_streams", stored)).RootElement.GetProperty("streams")[0];
        Assert.Equal("opus", probe.GetProperty("codec_name").GetString());
        Assert.Equal(2, probe.GetProperty("channels").GetInt32());

        for (var channel = 0; channel < 2; channel++)
        {
            var expected = await MediaTools.DecodeChannelAsync(source, channel, 8000);
            var actual = await MediaTools.DecodeChannelAsync(stored, channel, 8000);
            var r = MediaTools.Correlation(expected, actual, maxLag: 160);
            Assert.True(r > 0.9, $"channel {channel} correlates {r:0.000} with its source");
        }

        Assert.True(File.Exists(Path.Combine(ImportFolder, "done", name)), "the imported file is moved to done/");

        // The same file again is a duplicate: reported, not imported, not lost.
        Drop(source, "in-201-0312345678-20260401-101530-1775006130.43.wav");
        await WaitForFileAsync(Path.Combine(ImportFolder, "duplicate", "in-201-0312345678-20260401-101530-1775006130.43.wav"), host);
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/calls?number=0312345678");
        Assert.Equal(1, page.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task DropCorruptTruncatedEmptyAndNonAudioFiles_EachEndsInFailedWithReasonAndHostKeepsServing()
    {
        Directory.CreateDirectory(ImportFolder);
        var (source, _) = await MakeStereoSourceAsync(_temp.Combine("source.wav"));
        var bad = new Dictionary<string, byte[]>
        {
            ["in-201-0311111111-20260401-090000-1.1.wav"] = RandomBytes(50_000),
            ["in-201-0322222222-20260401-090000-2.2.wav"] = (await File.ReadAllBytesAsync(source))[..44],
            ["in-201-0333333333-20260401-090000-3.3.wav"] = [],
            ["in-201-0344444444-20260401-090000-4.4.mp3"] = "これは音声ではありません"u8.ToArray(),
        };
        await using var host = await HostProcess.StartAsync(Settings);

        foreach (var (name, bytes) in bad)
        {
            var temp = Path.Combine(_temp.Path, name);
            await File.WriteAllBytesAsync(temp, bytes);
            File.Move(temp, Path.Combine(ImportFolder, name));
        }

        foreach (var name in bad.Keys)
        {
            await WaitForFileAsync(Path.Combine(ImportFolder, "failed", name), host);
            var reason = await File.ReadAllTextAsync(Path.Combine(ImportFolder, "failed", name + ".reason.txt"));
            Assert.False(string.IsNullOrWhiteSpace(reason));
        }

        using var client = host.CreateClient();
        var health = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        // And a good file after the bad ones still imports.
        var token = (await HostProcess.RunVerbAsync(Settings, "token", "create", "--name", "after", "--role", "Admin")).Stdout;
        using var authorized = host.CreateClient(token);
        Drop(source, "out-0355555555-202-20260401-091000-5.5.wav");
        var call = await FinalizedCallWait.ForNumberAsync(authorized, "0355555555", host);
        Assert.Equal("Outbound", call.GetProperty("direction").GetString());
    }

    public void Dispose() => _temp.Dispose();

    private async Task<string> CreateTokenAsync()
    {
        var (code, stdout, stderr) = await HostProcess.RunVerbAsync(Settings, "token", "create", "--name", "e2e", "--role", "Admin");
        Assert.True(code == 0, stderr);
        Assert.StartsWith("rcat_", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', stdout);
        return stdout;
    }

    private void Drop(string source, string name)
    {
        // Written beside the folder, then moved in: the importer never sees a half-written file.
        var staging = Path.Combine(_temp.Path, "staging-" + name);
        File.Copy(source, staging, overwrite: true);
        File.Move(staging, Path.Combine(ImportFolder, name));
    }

    private static async Task WaitForFileAsync(string path, HostProcess host)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(path))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{path} did not appear:\n{host.Log}");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// A stereo 8 kHz WAV: real speech on the left (the fixtures' jfk.wav, or a synthetic chirp when
    /// the fixtures are absent) and a different signal on the right, so a swapped or merged channel fails.
    /// </summary>
    private async Task<(string Path, double Seconds)> MakeStereoSourceAsync(string path)
    {
        var left = RepoPaths.Fixtures is { } fixtures ? Path.Combine(fixtures, "jfk.wav") : null;
        const double seconds = 7.3;
        var leftArgs = left is not null && File.Exists(left)
            ? new[] { "-i", left }
            : ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=16000"];
        await MediaTools.RunAsync("ffmpeg", [
            "-hide_banner", "-v", "error", "-y", .. leftArgs,
            "-f", "lavfi", "-i", "aevalsrc=0.4*sin(2*PI*(300+200*t)*t)+0.2*sin(2*PI*1250*t):s=16000",
            "-filter_complex", "[0:a]aresample=8000,atrim=0:" + seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + "[l];[1:a]aresample=8000,atrim=0:" + seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + "[r];[l][r]join=inputs=2:channel_layout=stereo[out]",
            "-map", "[out]", "-c:a", "pcm_s16le", path]);
        return (path, seconds);
    }

    private static byte[] RandomBytes(int n)
    {
        var bytes = new byte[n];
        new Random(7).NextBytes(bytes);
        return bytes;
    }
}
