using System.Globalization;
using RecAce.Web.Disclosure;

namespace RecAce.Bench;

/// <summary>
/// What muting costs in a disclosure export: the same stereo Opus recording decoded and encoded
/// again (a) with no filter, (b) with RecAce's filter for 10 ranges (10 ms frames, volume=enable), and
/// (c) with a sample-exact aeval expression, the alternative it was chosen over. Medians of a few rounds; b/a and c/a printed.
/// Run: <c>recace-bench --disclosure [--quick]</c>.
/// </summary>
internal static class DisclosureMuteBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var seconds = quick ? 60 : 600;
        var rounds = quick ? 2 : 3;
        var dir = Path.Combine(Path.GetTempPath(), "recace-bench-disclosure-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var source = Path.Combine(dir, "call.opus");
            await BareFfmpeg.RunAsync("ffmpeg", ["-hide_banner", "-nostdin", "-v", "error", "-y",
                "-f", "lavfi", "-i", $"sine=frequency=440:duration={seconds}", "-f", "lavfi", "-i", $"anoisesrc=d={seconds}:a=0.1",
                "-filter_complex", "[0:a][1:a]amerge=inputs=2[a]", "-map", "[a]", "-ar", "48000", "-c:a", "libopus", "-b:a", "32000", source]);
            var ranges = Enumerable.Range(0, 10).Select(i => new MutedRange(i * seconds / 10.0 + 1, i * seconds / 10.0 + 3)).ToList();
            var exact = "aeval='val(ch)" + string.Concat(ranges.Select(r => string.Create(CultureInfo.InvariantCulture, $"*(1-between(t,{r.From},{r.To}))"))) + "':c=same";

            var plain = new List<TimeSpan>();
            var framed = new List<TimeSpan>();
            var aeval = new List<TimeSpan>();
            for (var i = 0; i < rounds; i++)
            {
                plain.Add(await BareFfmpeg.RunAsync("ffmpeg", MuteCommand.Build(source, [], 32000, Path.Combine(dir, "a.opus"))));
                framed.Add(await BareFfmpeg.RunAsync("ffmpeg", MuteCommand.Build(source, ranges, 32000, Path.Combine(dir, "b.opus"))));
                var c = MuteCommand.Build(source, [], 32000, Path.Combine(dir, "c.opus"));
                c.InsertRange(c.IndexOf("-c:a"), ["-af", exact]);
                aeval.Add(await BareFfmpeg.RunAsync("ffmpeg", c));
            }

            double Median(List<TimeSpan> l) => l.Select(t => t.TotalMilliseconds).Order().ElementAt(l.Count / 2);
            var (a, b, v) = (Median(plain), Median(framed), Median(aeval));
            Console.WriteLine($"disclosure.audio_s: {seconds} (stereo Opus 32 kb/s, 48 kHz), rounds: {rounds}");
            Console.WriteLine($"disclosure.reencode_median_ms: {a:0}");
            Console.WriteLine($"disclosure.framed_volume_10_ranges_median_ms: {b:0} (ratio {b / a:0.00})");
            Console.WriteLine($"disclosure.aeval_10_ranges_median_ms: {v:0} (ratio {v / a:0.00})");
            Console.WriteLine();
            Console.WriteLine("| disclosure export of a " + seconds + " s call | median | ratio to plain |");
            Console.WriteLine("|---|---|---|");
            Console.WriteLine($"| decode + encode, no mute | {a:N0} ms | 1.00 |");
            Console.WriteLine($"| 10 ms frames + volume=enable, 10 ranges (used) | {b:N0} ms | {b / a:0.00} |");
            Console.WriteLine($"| aeval per sample, 10 ranges | {v:N0} ms | {v / a:0.00} |");
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
