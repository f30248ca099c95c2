namespace RecAce.Core.Backup;

/// <summary>What one backup run did.</summary>
/// <param name="FilesCopied">Files copied this time (recordings are immutable, so a file already in the backup is skipped).</param>
/// <param name="FilesUnchanged">Files already in the backup with the same size and time.</param>
public sealed record BackupResult(BackupManifest Manifest, int FilesCopied, int FilesUnchanged, long BytesCopied);
