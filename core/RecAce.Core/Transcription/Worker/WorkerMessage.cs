using System.Text.Json;
using System.Text.Json.Serialization;

namespace RecAce.Core.Transcription.Worker;

/// <summary>
/// One JSON line between host and worker. The host writes one <see cref="WorkerJob"/> to the worker's
/// stdin; the worker answers with segment lines then one done or error line on stdout. Anything
/// else on stdout (native libraries may print) is ignored.
/// </summary>
public sealed record WorkerMessage
{
    [JsonPropertyName("segment")] public WorkerSegment? Segment { get; init; }
    [JsonPropertyName("done")] public WorkerDone? Done { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>The job line.</summary>
public sealed record WorkerJob(string ModelPath, string? VadModelPath, IReadOnlyList<WorkerChannel> Channels, string Language, int Threads);

public sealed record WorkerChannel(Speaker Speaker, string PcmPath);

public sealed record WorkerSegment(Speaker Speaker, long StartMs, long EndMs, string Text);

public sealed record WorkerDone(long AudioMs, long SpeechMs);
