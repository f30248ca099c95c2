namespace RecAce.Core.Backup;

/// <summary>What a backup folder holds; written last, as <see cref="FileName"/>, so a folder without it is an unfinished backup.</summary>
/// <param name="CreatedAt">When the database snapshot was taken (UTC).</param>
/// <param name="DatabaseSha256">SHA-256 of the snapshot file <see cref="DataBackup.DatabaseFile"/>.</param>
/// <param name="AuditHeadId">The newest audit row in the snapshot; the restored head file names it.</param>
/// <param name="Recordings">Recording rows in the snapshot.</param>
public sealed record BackupManifest(int Format, DateTimeOffset CreatedAt, string HostVersion, string DatabaseSha256, long AuditHeadId, string AuditHeadHash, int Recordings)
{
    public const string FileName = "recace-backup.json";
    public const int CurrentFormat = 1;
}
