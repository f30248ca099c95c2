namespace RecAce.Core.Storage;

/// <summary>The result of one storage check. <see cref="Warnings"/> is empty when all is well.</summary>
public sealed record StorageState(
    DateTimeOffset CheckedAt,
    long RecordingsBytes,
    long QuotaBytes,
    long? DataFreeMb,
    long? SpoolFreeMb,
    IReadOnlyList<string> Warnings)
{
    public bool QuotaExceeded => QuotaBytes > 0 && RecordingsBytes > QuotaBytes;

    public bool Ok => Warnings.Count == 0;

    /// <summary>One line for the log, the audit trail and /healthz.</summary>
    public string Summary => Ok ? $"recordings {RecordingsBytes} bytes; data disk {DataFreeMb} MB free" : string.Join("; ", Warnings);
}
