using System.Globalization;

namespace RecAce.Web.Tests.EndToEnd;

/// <summary>
/// The host is killed with SIGKILL while a live source writes frames; after a restart the call is
/// finalized as recovered and holds every frame written up to at least one second before the kill.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class CrashRecoveryEndToEndTests : IDisposable
{
    private const string Number = "0312349999";
    private readonly TempDirectory _temp = new("recace-crash");

    [Fact]
    public async Task KillHostWhileRecording_RestartFinalizesRecoveredCallWithAudioUpToOneSecondBeforeKill()
    {
        var plugins = _temp.Combine("plugins");
        CopyDirectory(Path.Combine(AppContext.BaseDirectory, "testplugins", "ToneSource"), Path.Combine(plugins, "ToneSource"));
        var settings = new Dictionary<string, string>
        {
            ["RecAce:DataDirectory"] = _temp.Combine("data"),
            ["RecAce:PluginsDirectory"] = plugins,
            ["Plugins:ToneSource:Enabled"] = "true",
            ["Plugins:ToneSource:Number"] = Number,
        };
        var token = (await HostProcess.RunVerbAsync(settings, "token", "create", "--name", "crash", "--role", "Admin")).Stdout;

        DateTimeOffset killedAt;
        await using (var host = await HostProcess.StartAsync(settings))
        {
            await WaitForFramesAsync(200, host);
            killedAt = DateTimeOffset.UtcNow;
            await host.KillAsync();
        }

        var progress = ReadProgress();
        var required = progress.Where(p => p.At <= killedAt.AddSeconds(-1)).Select(p => p.Frames).DefaultIfEmpty(0).Max();
        Assert.True(required >= 100, $"the source wrote only {required} frames before the cut-off");

        settings["Plugins:ToneSource:Enabled"] = "false";
        await using var restarted = await HostProcess.StartAsync(settings);
        using var client = restarted.CreateClient(token);
        var call = await FinalizedCallWait.ForNumberAsync(client, Number, restarted);

        Assert.True(call.GetProperty("recovered").GetBoolean());
        foreach (var leg in call.GetProperty("legs").EnumerateArray())
        {
            Assert.True(leg.GetProperty("seconds").GetDouble() >= required * 0.02,
                $"leg {leg.GetProperty("legId")} holds {leg.GetProperty("seconds")} s, frames written by one second before the kill need {required * 0.02} s");
        }

        Assert.True(call.GetProperty("durationSeconds").GetDouble() >= required * 0.02);
        var stored = _temp.Combine("recovered.opus");
        await File.WriteAllBytesAsync(stored, await client.GetByteArrayAsync($"/api/v1/calls/{call.GetProperty("id").GetString()}/audio"));
        var left = await MediaTools.DecodeChannelAsync(stored, 0, 8000);
        var expected = Enumerable.Range(0, required * 160).Select(i => (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / 8000.0))).ToArray();
        var r = MediaTools.Correlation(expected, left[..Math.Min(left.Length, expected.Length)], maxLag: 40);
        Assert.True(r > 0.9, $"the recovered outside channel correlates {r:0.000} with the tone that was sent");
    }

    public void Dispose() => _temp.Dispose();

    private async Task WaitForFramesAsync(int frames, HostProcess host)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (ReadProgress().Select(p => p.Frames).DefaultIfEmpty(0).Max() < frames)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the tone source did not reach {frames} frames:\n{host.Log}");
            await Task.Delay(100);
        }
    }

    private List<(int Frames, DateTimeOffset At)> ReadProgress()
    {
        var path = Directory.Exists(_temp.Combine("data"))
            ? Directory.EnumerateFiles(_temp.Combine("data"), "progress.log", SearchOption.AllDirectories).FirstOrDefault()
            : null;
        if (path is null) return [];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var result = new List<(int, DateTimeOffset)>();
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split(' ');
            if (parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var f) && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var ms))
            {
                result.Add((f, DateTimeOffset.FromUnixTimeMilliseconds(ms)));
            }
        }

        return result;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }
}
