namespace RecAce.Core;

/// <summary>The <c>RecAce</c> configuration section.</summary>
public sealed class RecAceOptions
{
    public const string SectionName = "RecAce";

    /// <summary>Holds the SQLite file, spool, recordings and plugin state. Default <c>./data</c>.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>
    /// Where calls are spooled while being recorded. Default <c>&lt;DataDirectory&gt;/spool</c>. Nodes that
    /// finalize calls another node recorded must all see the same spool folder (a shared mount).
    /// </summary>
    public string? SpoolDirectory { get; set; }

    /// <summary>The spool folder in full: <see cref="SpoolDirectory"/> or the data folder's <c>spool</c>.</summary>
    public string SpoolRoot => Path.GetFullPath(string.IsNullOrWhiteSpace(SpoolDirectory) ? Path.Combine(DataDirectory, "spool") : SpoolDirectory);

    public Nodes.NodeOptions Node { get; set; } = new();

    /// <summary>Which database holds the calls: SQLite in the data folder (default) or PostgreSQL.</summary>
    public RecAce.Data.DatabaseOptions Database { get; set; } = new();

    /// <summary>Time zone for folder dates and the admin's times. Default Asia/Tokyo (JST).</summary>
    public string TimeZone { get; set; } = "Asia/Tokyo";

    public PipelineOptions Pipeline { get; set; } = new();

    public FinalizeOptions Finalize { get; set; } = new();

    public FfmpegOptions Ffmpeg { get; set; } = new();

    public RetentionOptions Retention { get; set; } = new();

    public Storage.StorageOptions Storage { get; set; } = new();

    /// <summary>Departments from configuration (<c>RecAce:Departments</c>); the admin may add more.</summary>
    public List<Retention.DepartmentOptions> Departments { get; set; } = [];

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
    /// <summary>How long recordings are kept, in days, when no policy matches. Default 1827 (five years).</summary>
    public int Days { get; set; } = 1827;

    /// <summary>
    /// The shortest period a policy may set, in days. A shorter policy is raised to this unless it
    /// says <see cref="RetentionPolicyOptions.AllowBelowMinimum"/> (in the admin: an explicit
    /// confirmation). Default 365.
    /// </summary>
    public int MinimumDays { get; set; } = 365;

    /// <summary>Policies from configuration (<c>RecAce:Retention:Policies</c>); the admin may add more.</summary>
    public List<RetentionPolicyOptions> Policies { get; set; } = [];
}

/// <summary>One retention policy in configuration: exactly one of Number, Department or Line, and Days.</summary>
public sealed class RetentionPolicyOptions
{
    /// <summary>The outside party's number, or a prefix ending in '*'.</summary>
    public string? Number { get; set; }

    /// <summary>A department name (<c>RecAce:Departments</c> or the admin's).</summary>
    public string? Department { get; set; }

    /// <summary>The line, as calls name it: the adapter id (for example <c>sip</c>).</summary>
    public string? Line { get; set; }

    /// <summary>Days to keep a matching call's recording.</summary>
    public int Days { get; set; }

    /// <summary>Allow <see cref="Days"/> below <see cref="RetentionOptions.MinimumDays"/>. Default false.</summary>
    public bool AllowBelowMinimum { get; set; }
}
