using Whisper.net;

namespace RecAce.Core.Transcription.Native;

/// <summary>
/// Silero voice activity detection through Whisper.net's VAD factory. Silence (hold music excepted)
/// never reaches Whisper, which saves most of the compute on a phone call and avoids the invented
/// text Whisper is known to write over silence.
/// </summary>
public sealed class SpeechDetector : IDisposable
{
    // Stretches closer than this are sent as one, so a breath does not cut a sentence in two.
    private static readonly TimeSpan JoinGap = TimeSpan.FromMilliseconds(500);
    private readonly WhisperVadFactory _factory;
    private readonly int _threads;

    public SpeechDetector(string modelPath, int threads)
    {
        _factory = WhisperVadFactory.FromPath(modelPath);
        _threads = Math.Max(1, threads);
    }

    /// <param name="samples">16 kHz mono.</param>
    public IReadOnlyList<SpeechSpan> Detect(float[] samples)
    {
        using var processor = _factory.CreateBuilder().WithThreads(_threads).Build();
        var spans = new List<SpeechSpan>();
        foreach (var s in processor.DetectSpeech(samples))
        {
            if (spans.Count > 0 && s.Start - spans[^1].End < JoinGap) spans[^1] = spans[^1] with { End = s.End };
            else spans.Add(new SpeechSpan(s.Start, s.End));
        }

        return spans;
    }

    public void Dispose() => _factory.Dispose();
}
