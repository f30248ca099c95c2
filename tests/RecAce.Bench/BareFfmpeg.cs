using System.Diagnostics;
using RecAce.Core.Finalize;
using RecAce.Core.Spool;

namespace RecAce.Bench;

/// <summary>
/// The baseline of figure 2: ffmpeg started directly with exactly the arguments the finalizer would
/// give it for the same spool, and nothing else (no runner, no hash, no database).
/// </summary>
internal static class BareFfmpeg
{
    /// <summary>The finalizer's own argument list for <paramref name="spoolFolder"/>, writing to <paramref name="output"/>.</summary>
    public static List<string> ArgumentsFor(string spoolFolder, int bitrate, string output)
    {
        // Same leg selection and duration rounding as CallFinalizer.FinalizeFromSpoolAsync.
        var manifest = SpoolManifest.Read(spoolFolder);
        var legs = manifest.Legs.Where(l => l.SampleRate > 0 && SpoolFiles.SampleCount(Path.Combine(spoolFolder, l.FileName)) > 0).ToList();
        var seconds = legs.Max(l => SpoolFiles.SampleCount(Path.Combine(spoolFolder, l.FileName)) / (double)l.SampleRate);
        var durationMs = (long)Math.Round(seconds * 1000);
        return StereoEncodeCommand.Build(spoolFolder, legs, TimeSpan.FromMilliseconds(durationMs), bitrate, output);
    }

    public static async Task<TimeSpan> RunAsync(string ffmpeg, IReadOnlyList<string> arguments)
    {
        var watch = Stopwatch.StartNew();
        var start = new ProcessStartInfo(ffmpeg) { UseShellExecute = false, RedirectStandardInput = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start");
        // The same priority MediaRunner gives its processes: on a busy machine a below-normal
        // encode beside a normal one would otherwise measure the scheduler, not RecAce's overhead.
        process.PriorityClass = ProcessPriorityClass.BelowNormal;
        await process.WaitForExitAsync();
        watch.Stop();
        if (process.ExitCode != 0) throw new InvalidOperationException($"ffmpeg exited {process.ExitCode}");
        return watch.Elapsed;
    }
}
