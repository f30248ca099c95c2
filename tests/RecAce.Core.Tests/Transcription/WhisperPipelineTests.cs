using Microsoft.Extensions.Logging.Abstractions;
using RecAce.Core.Media;
using RecAce.Core.Transcription;
using RecAce.Core.Transcription.Native;
using Whisper.net;

namespace RecAce.Core.Tests.Transcription;

/// <summary>The real native pipeline with the weightless tiny model: it runs end to end and yields no text.</summary>
[Trait("Category", "Native")]
public sealed class WhisperPipelineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("recace-whisper").FullName;

    [FixtureFact]
    public async Task TranscribeAsync_WeightlessModelOn8kHzStereo_ResamplesEachChannelAndYieldsNoText()
    {
        Assert.True(TestAudio.FfmpegAvailable(), "ffmpeg is needed");
        // A two-second 8 kHz call: tone on the left (outside party), silence then tone on the right (staff).
        var wav = Path.Combine(_dir, "call.wav");
        TestAudio.WriteWav(wav, 8000, TestAudio.Tone(8000, 2, 440), [.. TestAudio.Silence(8000, 1), .. TestAudio.Tone(8000, 1, 660)]);
        using var media = new MediaRunner(new FfmpegOptions(), NullLogger<MediaRunner>.Instance);

        var channels = await new ChannelAudioExtractor(media).ExtractAsync(wav, Path.Combine(_dir, "pcm"), 2, CancellationToken.None);

        Assert.Equal([Speaker.OutsideParty, Speaker.Staff], channels.Select(c => c.Speaker));
        foreach (var c in channels)
        {
            var samples = PcmFile.Read(c.PcmPath);
            Assert.InRange(samples.Length, 31_900, 32_100); // 2 s at 16 kHz: resampled from 16,000 samples at 8 kHz
        }

        Assert.True(PcmFile.Read(channels[0].PcmPath)[..8000].Any(s => Math.Abs(s) > 0.1f), "left channel carries the tone");
        Assert.True(PcmFile.Read(channels[1].PcmPath)[..8000].All(s => Math.Abs(s) < 0.01f), "right channel starts silent");

        var result = await new WhisperTranscriber().TranscribeAsync(new TranscriptionRequest(Fixtures.WeightlessTiny, null, channels, "ja", 2), CancellationToken.None);

        Assert.Empty(result.Segments);
        Assert.Equal(4.0, result.Audio.TotalSeconds, 1);
    }

    [FixtureFact]
    public async Task ProcessAsync_CanceledMidRun_StopsAndDisposesAsync()
    {
        using var factory = WhisperFactory.FromPath(Fixtures.WeightlessTiny);
        var processor = factory.CreateBuilder().WithLanguage("ja").WithThreads(2).Build();
        using var cts = new CancellationTokenSource();
        var samples = Fixtures.JfkSamples();
        var run = Task.Run(async () =>
        {
            await foreach (var _ in processor.ProcessAsync(samples, cts.Token))
            {
            }
        });
        cts.CancelAfter(TimeSpan.FromMilliseconds(50));

        var error = await Record.ExceptionAsync(() => run);

        // Cancellation either interrupts the run or lands after a fast weightless run; both must leave the processor disposable.
        Assert.True(error is null or OperationCanceledException, error?.ToString());
        await processor.DisposeAsync();
    }

    [FixtureFact]
    public void CreateBuilder_GarbageModel_ThrowsModelLoadException()
    {
        var garbage = Path.Combine(_dir, "garbage.bin");
        File.WriteAllBytes(garbage, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31))]);
        Assert.ThrowsAny<Exception>(() =>
        {
            using var factory = WhisperFactory.FromPath(garbage);
            using var _ = factory.CreateBuilder().Build();
        });
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
