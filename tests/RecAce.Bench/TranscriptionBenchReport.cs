using System.Diagnostics;
using System.Globalization;
using RecAce.Core.Transcription;
using RecAce.Core.Transcription.Native;

namespace RecAce.Bench;

/// <summary>Prints the transcription figures: search latency, Whisper compute per audio minute, VAD skip share.</summary>
internal static class TranscriptionBenchReport
{
    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var calls = Arg(args, "--search-calls") ?? (quick ? 5_000 : 100_000);
        var keep = Array.IndexOf(args, "--search-db") is var k and >= 0 && k + 1 < args.Length ? args[k + 1] : null;
        var search = await TranscriptSearchBench.RunAsync(calls, segmentsPerCall: 10, rounds: quick ? 5 : 20, keep);
        Console.WriteLine($"search.calls: {search.Calls}, segments: {search.Segments}, generated in {search.Generate.TotalSeconds:0.0} s, database {search.DbBytes / (1024 * 1024)} MiB");
        foreach (var r in search.Results)
        {
            Console.WriteLine($"search.q[{r.Chars} chars '{r.Query}']: p50 {r.P50:0.0} ms, p95 {r.P95:0.0} ms, {r.Total} calls match ({(r.Chars >= 3 ? "trigram index" : "LIKE")})");
        }

        var fixtures = FindFixtures();
        if (fixtures is null)
        {
            Console.WriteLine("whisper: skipped (shared fixtures not found)");
            return 0;
        }

        var samples = ReadWav16(Path.Combine(fixtures, "jfk.wav"));
        using (var vad = new SpeechDetector(Path.Combine(fixtures, "for-tests-silero-v6.2.0-ggml.bin"), 2))
        {
            var watch = Stopwatch.StartNew();
            var timeline = SpeechTimeline.Build(samples, vad.Detect(samples));
            var total = PcmFile.Duration(samples.Length);
            Console.WriteLine($"vad.jfk: {timeline.SpeechLength.TotalSeconds:0.00} s speech of {total.TotalSeconds:0.00} s, skip share {(1 - timeline.SpeechLength / total) * 100:0.0} %, {watch.Elapsed.TotalMilliseconds:0} ms");
        }

        var dir = Directory.CreateTempSubdirectory("recace-whisper-bench").FullName;
        try
        {
            var pcm = Path.Combine(dir, "jfk.f32");
            PcmFile.Write(pcm, samples);
            // Each size once to warm up, then timed; the tiny file is the fixture itself, base and small are made from it.
            foreach (var size in WeightlessModel.Sizes.Keys)
            {
                var model = size == "tiny" ? Path.Combine(fixtures, "for-tests-ggml-tiny.bin") : WeightlessModel.Write(Path.Combine(fixtures, "for-tests-ggml-tiny.bin"), size, dir);
                var request = new TranscriptionRequest(model, null, [new ChannelAudio(Speaker.OutsideParty, pcm)], "ja", 2);
                await new WhisperTranscriber().TranscribeAsync(request, CancellationToken.None);
                var watch = Stopwatch.StartNew();
                var result = await new WhisperTranscriber().TranscribeAsync(request, CancellationToken.None);
                var perMinute = watch.Elapsed.TotalSeconds / (result.Audio.TotalSeconds / 60);
                Console.WriteLine($"whisper.{size}_weightless: {watch.Elapsed.TotalSeconds:0.00} s for {result.Audio.TotalSeconds:0.0} s audio on 2 threads = {perMinute:0.0} s per audio minute ({result.Segments.Count} segments: a weightless model computes the {size} graph and writes no text)");
                if (quick) break;
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        return 0;
    }

    private static int? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : null;
    }

    private static string? FindFixtures()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "fixtures");
            if (File.Exists(Path.Combine(candidate, "jfk.wav"))) return Path.GetFullPath(candidate);
        }

        return null;
    }

    private static float[] ReadWav16(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var samples = new float[(bytes.Length - 44) / 2];
        for (var i = 0; i < samples.Length; i++) samples[i] = BitConverter.ToInt16(bytes, 44 + i * 2) / 32768f;
        return samples;
    }
}
