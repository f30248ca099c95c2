using RecAce.Core.Transcription.Native;

namespace RecAce.Core.Tests.Transcription;

/// <summary>The real Silero VAD model finds jfk.wav's four speech stretches and nothing in silence or noise.</summary>
[Trait("Category", "Native")]
public sealed class SpeechDetectorTests
{
    // From the fixtures README, measured with this model.
    private static readonly (double Start, double End)[] JfkSpeech = [(0.32, 2.27), (3.27, 4.41), (5.38, 7.68), (8.16, 10.62)];
    private const double Tolerance = 0.25;

    [FixtureFact]
    public void Detect_Jfk_FindsTheFourSpeechSegmentsWithinTolerance()
    {
        using var vad = new SpeechDetector(Fixtures.SileroVad, 2);

        var spans = vad.Detect(Fixtures.JfkSamples());

        // Joined across short pauses, the README's stretches may merge; each must be covered, and nothing outside them.
        foreach (var (start, end) in JfkSpeech)
        {
            Assert.Contains(spans, s => s.Start.TotalSeconds <= start + Tolerance && s.End.TotalSeconds >= end - Tolerance);
        }

        Assert.All(spans, s => Assert.InRange(s.Start.TotalSeconds, JfkSpeech[0].Start - Tolerance, 11));
        Assert.InRange(spans[^1].End.TotalSeconds, JfkSpeech[^1].End - Tolerance, JfkSpeech[^1].End + Tolerance);
    }

    [FixtureFact]
    public void Detect_JfkRaw_ReportsStretchesCloseToTheReadme()
    {
        using var factory = Whisper.net.WhisperVadFactory.FromPath(Fixtures.SileroVad);
        using var processor = factory.CreateBuilder().WithThreads(2).Build();

        var raw = processor.DetectSpeech(Fixtures.JfkSamples()).ToList();

        Assert.Equal(JfkSpeech.Length, raw.Count);
        for (var i = 0; i < raw.Count; i++)
        {
            Assert.Equal(JfkSpeech[i].Start, raw[i].Start.TotalSeconds, Tolerance);
            Assert.Equal(JfkSpeech[i].End, raw[i].End.TotalSeconds, Tolerance);
        }
    }

    [FixtureFact]
    public void Detect_SilenceAndWhiteNoise_FindsNoSpeech()
    {
        using var vad = new SpeechDetector(Fixtures.SileroVad, 2);
        var random = new Random(5);
        var silence = new float[16_000 * 3];
        var noise = Enumerable.Range(0, 16_000 * 3).Select(_ => (float)(random.NextDouble() * 0.2 - 0.1)).ToArray();

        Assert.Empty(vad.Detect(silence));
        Assert.Empty(vad.Detect(noise));
    }

    [Fact]
    public void SpeechTimeline_MapsPackedTimesBackToCallTimes()
    {
        var samples = new float[16_000 * 10];
        var timeline = SpeechTimeline.Build(samples, [new SpeechSpan(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)), new SpeechSpan(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(7))]);

        Assert.Equal(3.0, timeline.SpeechLength.TotalSeconds, 3);
        Assert.Equal(1.5, timeline.ToCallTime(TimeSpan.FromSeconds(0.5)).TotalSeconds, 3);
        Assert.Equal(5.5, timeline.ToCallTime(TimeSpan.FromSeconds(1.5)).TotalSeconds, 3);
    }
}
