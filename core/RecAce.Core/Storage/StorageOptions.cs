namespace RecAce.Core.Storage;

/// <summary>The <c>RecAce:Storage</c> section: where recordings are kept, the recordings quota and the low free-space alert.</summary>
public sealed class StorageOptions
{
    /// <summary>Where sealed recordings are kept: <c>Folder</c> (default) or <c>S3</c>.</summary>
    public Recordings.RecordingStoreKind Kind { get; set; } = Recordings.RecordingStoreKind.Folder;

    /// <summary>The folder recordings are kept under when <see cref="Kind"/> is Folder, e.g. a shared mount. Default the data folder.</summary>
    public string? Root { get; set; }

    /// <summary>The object storage when <see cref="Kind"/> is S3.</summary>
    public Recordings.S3StoreOptions S3 { get; set; } = new();

    /// <summary>Most bytes the kept recordings may take together; 0 for no quota. Default 0.</summary>
    public long RecordingsQuotaBytes { get; set; }

    /// <summary>Warn when the data or spool disk has less free space than this, in megabytes. Default 2048.</summary>
    public long LowFreeSpaceMb { get; set; } = 2048;

    /// <summary>How often the check runs, in seconds. Default 300.</summary>
    public int CheckIntervalSeconds { get; set; } = 300;

    /// <summary>
    /// What happens besides the alert when the quota is exceeded: <see cref="QuotaAction.Alert"/>
    /// (default) or <see cref="QuotaAction.RunRetention"/>. Neither deletes a recording before its
    /// retention period ends: evidence is never removed early to make room.
    /// </summary>
    public QuotaAction OnQuotaExceeded { get; set; } = QuotaAction.Alert;
}

/// <summary>What to do besides alerting when the recordings quota is exceeded.</summary>
public enum QuotaAction
{
    /// <summary>Only the warning (health, dashboard, log, audit).</summary>
    Alert = 0,

    /// <summary>Also run the retention sweep at once instead of waiting for the nightly run; it removes only what is already due.</summary>
    RunRetention = 1,
}
