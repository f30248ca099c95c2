using RecAce.Core.Transcription;
using RecAce.Core.Transcription.Native;

namespace RecAce.Core.Tests.Transcription;

/// <summary>Accuracy with real weights: runs only when RECACE_WHISPER_MODEL names a model file, skipped with the reason otherwise.</summary>
[Trait("Category", "Accuracy")]
public sealed class WhisperAccuracyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("recace-accuracy").FullName;

    [WhisperModelFact]
    public async Task TranscribeAsync_JfkInEnglish_FindsTheKnownWords()
    {
        Assert.NotNull(Fixtures.Folder);
        var pcm = Path.Combine(_dir, "jfk.f32");
        PcmFile.Write(pcm, Fixtures.JfkSamples());

        var result = await new WhisperTranscriber().TranscribeAsync(
            new TranscriptionRequest(WhisperModelFactAttribute.ModelPath, Fixtures.SileroVad, [new ChannelAudio(Speaker.OutsideParty, pcm)], "en", 2), CancellationToken.None);

        var text = string.Join(' ', result.Segments.Select(s => s.Text)).ToLowerInvariant();
        Assert.Contains("ask not what your country can do for you", text, StringComparison.Ordinal);
        Assert.All(result.Segments, s => Assert.InRange(s.Start.TotalSeconds, 0, 11.1));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
