using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using RecAce.Core.Finalize;
using RecAce.Core.Media;
using RecAce.Data.Entities;

namespace RecAce.Bench;

/// <summary>
/// Figure 2: what finalizing a call costs beyond the ffmpeg encode itself. Each round records a fresh
/// call through the real intake (not timed), copies its spool aside, then times (a) bare ffmpeg on the
/// copy with the finalizer's exact arguments and (b) <see cref="CallFinalizer.FinalizeAsync"/> on the
/// original (runner, encode, SHA-256, move, database). The order flips every round (AB, BA, ...) so
/// drift on a shared machine and a warm page cache favour neither side. One untimed round warms up.
/// </summary>
internal static class FinalizeOverheadBench
{
    public static async Task<FinalizeOverheadResult> RunAsync(int audioSeconds, int rounds)
    {
        using var env = new BenchEnvironment("finalize");
        using var media = new MediaRunner(env.Options.Ffmpeg, NullLogger<MediaRunner>.Instance);
        var finalizer = new CallFinalizer(env.Options, env.Store, media, NullFinalizeQueue.Instance, env.Recordings, NullLogger<CallFinalizer>.Instance);
        var outside = SpeechLikeAudio.ToG711Packets(SpeechLikeAudio.Generate(audioSeconds, 0, seed: 11), aLaw: false);
        var staff = SpeechLikeAudio.ToG711Packets(SpeechLikeAudio.Generate(audioSeconds, 1, seed: 12), aLaw: true);
        var bareRoot = Path.Combine(env.DataDirectory, "bare");
        Directory.CreateDirectory(bareRoot);

        var bare = new List<TimeSpan>();
        var full = new List<TimeSpan>();
        for (var round = -1; round < rounds; round++)
        {
            var callId = await RecordedCall.RecordAsync(env.Intake, outside, staff);
            var spool = Path.Combine(env.Intake.SpoolRoot, callId.ToString("N"));
            var copy = Path.Combine(bareRoot, $"round{round + 1}");
            CopyFolder(spool, copy);
            var args = BareFfmpeg.ArgumentsFor(copy, env.Options.Finalize.OpusBitrate, Path.Combine(bareRoot, $"round{round + 1}.opus"));

            TimeSpan a, b;
            if (round % 2 == 0)
            {
                a = await BareFfmpeg.RunAsync(media.FfmpegPath, args);
                b = await FinalizeAsync(finalizer, env, callId);
            }
            else
            {
                b = await FinalizeAsync(finalizer, env, callId);
                a = await BareFfmpeg.RunAsync(media.FfmpegPath, args);
            }

            if (round < 0) continue; // warm-up: JIT, ffmpeg and its libraries into the page cache
            bare.Add(a);
            full.Add(b);
            Console.WriteLine($"  finalize round {round + 1}: bare ffmpeg {a.TotalMilliseconds:0} ms, CallFinalizer {b.TotalMilliseconds:0} ms ({(b / a - 1) * 100:+0.0;-0.0} %)");
        }

        return new FinalizeOverheadResult(audioSeconds, bare, full);
    }

    private static async Task<TimeSpan> FinalizeAsync(CallFinalizer finalizer, BenchEnvironment env, Guid callId)
    {
        var watch = Stopwatch.StartNew();
        var ok = await finalizer.FinalizeAsync(callId, CancellationToken.None);
        watch.Stop();
        var row = await env.Store.GetAsync(callId, CancellationToken.None);
        if (!ok || row?.Status != CallStatus.Finalized) throw new InvalidOperationException($"Finalizing {callId} failed: {row?.Error}");
        return watch.Elapsed;
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }
}

internal sealed record FinalizeOverheadResult(int AudioSeconds, IReadOnlyList<TimeSpan> Bare, IReadOnlyList<TimeSpan> Full)
{
    public TimeSpan BareMedian => Median(Bare);

    public TimeSpan FullMedian => Median(Full);

    /// <summary>b/a − 1 of the medians.</summary>
    public double Overhead => FullMedian / BareMedian - 1;

    /// <summary>The median of each round's own b/a − 1: steadier when the machine's speed drifts between rounds.</summary>
    public double PairedOverhead => Median(Bare.Zip(Full, (a, b) => b / a - 1).ToList());

    private static TimeSpan Median(IReadOnlyList<TimeSpan> values) => TimeSpan.FromTicks((long)Median(values.Select(v => (double)v.Ticks).ToList()));

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
