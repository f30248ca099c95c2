using System.Diagnostics;
using LinqToDB;
using Microsoft.Extensions.Logging.Abstractions;
using RecAce.Core.Audit;
using RecAce.Core.Harassment;
using RecAce.Core.Media;
using RecAce.Data;
using RecAce.Data.Entities;

namespace RecAce.Bench;

/// <summary>
/// What scoring a call costs: <see cref="CallSignalAnalyzer"/> on a sealed stereo Opus recording
/// (decode through the media runner, loudness per window, row, transcript and store) against bare
/// ffmpeg decoding the same file with the same arguments to /dev/null.
/// </summary>
internal static class SignalAnalysisBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var minutes = quick ? 5 : 30;
        var rounds = quick ? 3 : 5;
        using var env = new BenchEnvironment("signals");
        var db = new DatabaseFactory(Path.Combine(env.DataDirectory, "recace.db"));
        var id = Guid.CreateVersion7();
        var relative = $"recordings/bench/{id:N}.opus";
        var path = Path.Combine(env.DataDirectory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Speech-like on/off envelopes on both channels, a loud stretch on the left now and then.
        await RunFfmpegAsync(["-hide_banner", "-v", "error", "-y", "-f", "lavfi", "-i",
            // Commas inside an expression are escaped: unescaped, they would separate filters.
            $"aevalsrc=0.3*sin(2*PI*220*t)*gt(sin(2*PI*0.3*t)\\,0)*(1+2*gt(sin(2*PI*0.01*t)\\,0.95))|0.2*sin(2*PI*330*t)*gt(sin(2*PI*0.3*t+2)\\,0):s=16000:d={minutes * 60}",
            "-c:a", "libopus", "-b:a", "32k", path]);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using (var conn = db.Open())
        {
            await conn.InsertAsync(new CallRow { Id = id, AdapterId = "bench", OutsideNumber = "0300000000", StartedAtMs = now, DurationMs = minutes * 60_000L, Status = CallStatus.Finalized, CreatedAtMs = now });
            await conn.InsertAsync(new RecordingRow { CallId = id, Path = relative, Format = "ogg/opus", Sha256 = new string('0', 64), DurationMs = minutes * 60_000L, Channels = 2, SealedAtMs = now });
        }

        using var media = new MediaRunner(env.Options.Ffmpeg, NullLogger<MediaRunner>.Instance);
        using var audit = new AuditLog(db, TimeProvider.System, env.Options);
        var analyzer = new CallSignalAnalyzer(db, media, audit, env.Recordings, new SignalOptions(), TimeProvider.System, NullLogger<CallSignalAnalyzer>.Instance);
        List<string> bare = ["-hide_banner", "-nostdin", "-v", "error", "-y", "-i", path, "-vn", "-map", "0:a:0", "-ac", "2", "-ar", "8000", "-f", "s16le", "-acodec", "pcm_s16le", "/dev/null"];

        await analyzer.AnalyzeAsync(id, CancellationToken.None);
        var bareTimes = new List<double>();
        var fullTimes = new List<double>();
        CallSignals? last = null;
        for (var r = 0; r < rounds; r++)
        {
            bareTimes.Add(await RunFfmpegAsync(bare));
            var watch = Stopwatch.StartNew();
            last = await analyzer.AnalyzeAsync(id, CancellationToken.None);
            fullTimes.Add(watch.Elapsed.TotalMilliseconds);
        }

        var bareMedian = Median(bareTimes);
        var fullMedian = Median(fullTimes);
        Console.WriteLine($"signals.audio_s: {minutes * 60} (stereo Opus 32 kb/s), rounds: {rounds}");
        Console.WriteLine($"signals.bare_ffmpeg_decode_median_ms: {bareMedian:0}");
        Console.WriteLine($"signals.analyzer_median_ms: {fullMedian:0}");
        Console.WriteLine($"signals.overhead_pct: {(fullMedian / bareMedian - 1) * 100:0.0} (b/a - 1)");
        Console.WriteLine($"signals.realtime_factor: {minutes * 60_000 / fullMedian:0} x (audio seconds scored per second)");
        Console.WriteLine($"signals.score: {last?.Score} ({string.Join(", ", last?.Reasons.Select(x => x.Kind) ?? [])})");
        return 0;
    }

    private static async Task<double> RunFfmpegAsync(IReadOnlyList<string> arguments)
    {
        var watch = Stopwatch.StartNew();
        var start = new ProcessStartInfo("ffmpeg") { UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start");
        // MediaRunner runs below normal priority; the baseline does too, so the ratio compares like with like.
        process.PriorityClass = ProcessPriorityClass.BelowNormal;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"ffmpeg exited {process.ExitCode}");
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> v)
    {
        var s = v.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[(s.Count / 2) - 1] + s[s.Count / 2]) / 2;
    }
}
