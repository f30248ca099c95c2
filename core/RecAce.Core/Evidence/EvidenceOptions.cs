namespace RecAce.Core.Evidence;

/// <summary>The <c>RecAce:Evidence</c> section: integrity chain, checkpoints, verification and evidence packages.</summary>
public sealed class EvidenceOptions
{
    /// <summary>The server's signing key (ECDSA P-256, PKCS#8 PEM). Default <c>&lt;DataDirectory&gt;/evidence-key.pem</c>; created at first start, readable by the owner only.</summary>
    public string? KeyPath { get; set; }

    /// <summary>Quartz cron (in <c>RecAce:TimeZone</c>) of the full verification. Default daily at 04:00.</summary>
    public string VerifyCron { get; set; } = "0 0 4 * * ?";

    /// <summary>Quartz cron of signed checkpoints of the chain head (only when the head moved). Default hourly.</summary>
    public string CheckpointCron { get; set; } = "0 5 * * * ?";

    /// <summary>An RFC 3161 time-stamp authority (HTTP) that stamps each checkpoint; none by default.</summary>
    public string? TsaUrl { get; set; }

    /// <summary>Longest wait for the time-stamp authority, in seconds. Default 30.</summary>
    public int TsaTimeoutSeconds { get; set; } = 30;

    /// <summary>A TrueType Japanese font for the transcript PDF. Default: the first of IPAex Gothic and other known Debian paths that exists.</summary>
    public string? PdfFontPath { get; set; }

    /// <summary>Largest single file <c>verify-package</c> accepts from a ZIP, in megabytes. Default 2048.</summary>
    public long MaxPackageEntryMb { get; set; } = 2048;

    public string KeyFile(RecAceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(KeyPath) ? Path.Combine(options.DataDirectory, ServerKey.DefaultFileName) : Path.GetFullPath(KeyPath);
    }
}
