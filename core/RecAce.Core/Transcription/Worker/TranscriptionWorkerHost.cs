using System.Text.Json;
using RecAce.Core.Transcription.Native;

namespace RecAce.Core.Transcription.Worker;

/// <summary>The worker process's side: one job from stdin, segments to stdout, then exit.</summary>
public static class TranscriptionWorkerHost
{
    /// <returns>The process exit code: 0 done, 1 the job failed (reported on stdout too).</returns>
    public static async Task<int> RunAsync(TextReader input, TextWriter output, TextWriter log, CancellationToken ct)
    {
        var line = await input.ReadLineAsync(ct);
        try
        {
            var job = (line is null ? null : JsonSerializer.Deserialize<WorkerJob>(line, WorkerMessage.Json))
                ?? throw new InvalidDataException("no job on stdin");
            var request = new TranscriptionRequest(job.ModelPath, job.VadModelPath,
                job.Channels.Select(c => new ChannelAudio(c.Speaker, c.PcmPath)).ToList(), job.Language, job.Threads);
            var result = await new WhisperTranscriber().TranscribeAsync(request, ct);
            foreach (var s in result.Segments)
            {
                await WriteAsync(output, new WorkerMessage { Segment = new WorkerSegment(s.Speaker, (long)s.Start.TotalMilliseconds, (long)s.End.TotalMilliseconds, s.Text) });
            }

            await WriteAsync(output, new WorkerMessage { Done = new WorkerDone((long)result.Audio.TotalMilliseconds, (long)result.Speech.TotalMilliseconds) });
            return 0;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await log.WriteLineAsync(e.ToString());
            await WriteAsync(output, new WorkerMessage { Error = $"{e.GetType().Name}: {e.Message}" });
            return 1;
        }
    }

    private static async Task WriteAsync(TextWriter output, WorkerMessage message)
    {
        await output.WriteLineAsync(JsonSerializer.Serialize(message, WorkerMessage.Json));
        await output.FlushAsync();
    }
}
