namespace RecAce.Core;

/// <summary>The <c>RecAce</c> configuration section.</summary>
public sealed class RecAceOptions
{
    public const string SectionName = "RecAce";

    /// <summary>Holds the SQLite file, spool, recordings and plugin state. Default <c>./data</c>.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Time zone for folder dates and the admin's times. Default Asia/Tokyo (JST).</summary>
    public string TimeZone { get; set; } = "Asia/Tokyo";

    public PipelineOptions Pipeline { get; set; } = new();

    public FinalizeOptions Finalize { get; set; } = new();

    public FfmpegOptions Ffmpeg { get; set; } = new();

    public RetentionOptions Retention { get; set; } = new();

    public Transcription.TranscriptionOptions Transcription { get; set; } = new();

    public Evidence.EvidenceOptions Evidence { get; set; } = new();
}

public sealed class PipelineOptions
{
    /// <summary>How long a packet may wait for earlier ones before a gap is declared, in milliseconds. Default 60.</summary>
    public int JitterWindowMs { get; set; } = 60;

    /// <summary>How often spools are flushed to the operating system, in milliseconds. At most 1000. Default 500.</summary>
    public int FlushIntervalMs { get; set; } = 500;

    /// <summary>How often spools are forced to the disk itself (fsync), in seconds, for power loss. Default 5.</summary>
    public int FsyncIntervalSeconds { get; set; } = 5;

    /// <summary>Refuse new calls when the spool disk has less free space than this, in megabytes. Default 512.</summary>
    public long MinFreeSpaceMb { get; set; } = 512;
}

public sealed class FinalizeOptions
{
    /// <summary>Opus bitrate of the stereo recording in bits per second. Default 32000.</summary>
    public int OpusBitrate { get; set; } = 32_000;

    /// <summary>First retry delay after a failed finalization, in seconds; doubles per attempt up to <see cref="MaxRetryDelaySeconds"/>. Default 30.</summary>
    public int RetryBaseDelaySeconds { get; set; } = 30;

    /// <summary>Longest delay between finalization retries, in seconds. Default 3600.</summary>
    public int MaxRetryDelaySeconds { get; set; } = 3600;
}

public sealed class FfmpegOptions
{
    /// <summary>The ffmpeg binary; default <c>ffmpeg</c> from PATH.</summary>
    public string FfmpegPath { get; set; } = "ffmpeg";

    /// <summary>The ffprobe binary; default <c>ffprobe</c> from PATH.</summary>
    public string FfprobePath { get; set; } = "ffprobe";

    /// <summary>Most media processes at once. Default: half the cores, at least 1.</summary>
    public int MaxConcurrency { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Longest one media process may run, in seconds. Default 600.</summary>
    public int TimeoutSeconds { get; set; } = 600;
}

public sealed class RetentionOptions
{
    /// <summary>How long recordings are kept, in days. Default 1827 (five years).</summary>
    public int Days { get; set; } = 1827;
}
