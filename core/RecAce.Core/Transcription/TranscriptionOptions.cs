namespace RecAce.Core.Transcription;

/// <summary>The <c>RecAce:Transcription</c> configuration section.</summary>
public sealed class TranscriptionOptions
{
    /// <summary>Whisper language code. Default <c>ja</c>.</summary>
    public string Language { get; set; } = "ja";

    /// <summary>CPU threads one Whisper run uses. Default: half the cores, at least 1.</summary>
    public int Threads { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Calls transcribed at once (one worker process each). Default 1.</summary>
    public int MaxConcurrency { get; set; } = 1;

    /// <summary>
    /// The Whisper model file name under <c>&lt;DataDirectory&gt;/models</c> to use; empty for the one
    /// installed last (see <see cref="Models.SpeechModelStore"/>).
    /// </summary>
    public string? Model { get; set; }

    /// <summary>The Silero VAD model file name under <c>&lt;DataDirectory&gt;/models</c>. Without it every second is sent to Whisper.</summary>
    public string VadModel { get; set; } = "ggml-silero-v6.2.0.bin";

    /// <summary>Longest one worker may run per call, in seconds, before its process tree is killed. Default 3600.</summary>
    public int WorkerTimeoutSeconds { get; set; } = 3600;

    /// <summary>First retry delay after a failed transcription, in seconds; doubles per attempt. Default 60.</summary>
    public int RetryBaseDelaySeconds { get; set; } = 60;

    /// <summary>Longest delay between retries, in seconds. Default 21600 (6 h).</summary>
    public int MaxRetryDelaySeconds { get; set; } = 21_600;

    /// <summary>After this many failed attempts the call stays Failed until someone re-queues it. Default 8.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>How often a call waiting for a model is looked at again, in seconds. Default 600.</summary>
    public int NoModelRecheckSeconds { get; set; } = 600;

    /// <summary>
    /// The worker program; empty for this binary's own <c>transcribe-worker</c> verb. Set only to run
    /// the worker elsewhere (for example under a resource-limiting wrapper).
    /// </summary>
    public string? WorkerExecutable { get; set; }

    /// <summary>Arguments for <see cref="WorkerExecutable"/>.</summary>
    public List<string> WorkerArguments { get; set; } = [];
}
