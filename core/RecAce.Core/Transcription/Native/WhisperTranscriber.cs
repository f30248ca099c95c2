using Whisper.net;

namespace RecAce.Core.Transcription.Native;

/// <summary>
/// Whisper in this process. Only the worker process uses it: a bad model can abort the whole
/// process (exit 134), which must never be the server.
/// </summary>
public sealed class WhisperTranscriber : ITranscriber
{
    public async Task<TranscriptionResult> TranscribeAsync(TranscriptionRequest request, CancellationToken cancellationToken)
    {
        // The factory throws WhisperModelLoadException here for a missing or garbage file.
        using var factory = WhisperFactory.FromPath(request.ModelPath);
        using var vad = request.VadModelPath is { } v && File.Exists(v) ? new SpeechDetector(v, request.Threads) : null;
        var segments = new List<TranscriptSegment>();
        var audio = TimeSpan.Zero;
        var speech = TimeSpan.Zero;
        foreach (var channel in request.Channels)
        {
            var samples = PcmFile.Read(channel.PcmPath);
            audio += PcmFile.Duration(samples.Length);
            var timeline = vad is null ? SpeechTimeline.Whole(samples) : SpeechTimeline.Build(samples, vad.Detect(samples));
            speech += timeline.SpeechLength;
            if (timeline.Packed.Length == 0) continue;
            await foreach (var s in RunAsync(factory, request, timeline.Packed, cancellationToken))
            {
                var text = s.Text.Trim();
                if (text.Length == 0) continue;
                segments.Add(new TranscriptSegment(channel.Speaker, timeline.ToCallTime(s.Start), timeline.ToCallTime(s.End), text));
            }
        }

        return new TranscriptionResult(segments, audio, speech);
    }

    private static async IAsyncEnumerable<SegmentData> RunAsync(WhisperFactory factory, TranscriptionRequest request, float[] samples,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        // await using: a plain Dispose while a run is in flight throws; cancel first, then DisposeAsync.
        await using var processor = factory.CreateBuilder()
            .WithLanguage(request.Language)
            .WithThreads(Math.Max(1, request.Threads))
            .Build();
        await foreach (var segment in processor.ProcessAsync(samples, ct)) yield return segment;
    }
}
