using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Data.Sqlite;
using RecAce.Core.Audit;
using RecAce.Core.Evidence;
using RecAce.Data;
using RecAce.Data.Audit;

namespace RecAce.Core.Backup;

/// <summary>
/// Backs up a data folder while the server runs: a consistent snapshot of the database through SQLite's
/// online backup, and every other file (recordings, keys, head files, plugin state) copied beside it.
/// Recordings never change once sealed, so a nightly run to the same folder copies only new ones.
/// The spool is left out: it holds calls still being recorded, finalized into recordings later.
/// </summary>
public sealed class DataBackup
{
    public const string DatabaseFile = "recace.db";
    public const string JobsFile = "jobs.db";
    public const string FilesFolder = "data";

    /// <summary>Why backup and restore refuse a PostgreSQL database, and what to use instead.</summary>
    public const string PostgresRefusal =
        "recace backup and restore handle the SQLite database only; with RecAce:Database:Provider=postgres, back up the database " +
        "with pg_dump (pg_dump -Fc, restore with pg_restore) and copy the data folder (recordings, keys, head files) with your file backup";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private readonly RecAceOptions _options;
    private readonly DatabaseFactory _db;
    private readonly AuditLog _audit;

    public DataBackup(RecAceOptions options, DatabaseFactory db, AuditLog audit)
    {
        _options = options;
        _db = db;
        _audit = audit;
    }

    /// <summary>Folders and files of the data folder a backup leaves out (relative, forward slashes).</summary>
    internal static bool IsExcluded(string relative) =>
        relative.StartsWith("spool/", StringComparison.Ordinal)
        || relative is DatabaseFile or JobsFile
        || relative.StartsWith(DatabaseFile + "-", StringComparison.Ordinal)
        || relative.StartsWith(JobsFile + "-", StringComparison.Ordinal)
        || relative.EndsWith(".tmp", StringComparison.Ordinal);

    public async Task<BackupResult> CreateAsync(string target, string actor, CancellationToken ct)
    {
        if (!_db.IsSqlite) throw new BackupException(PostgresRefusal);
        var root = Path.GetFullPath(target);
        var data = Path.GetFullPath(_options.DataDirectory);
        if (IsSameOrInside(root, data)) throw new BackupException($"the backup folder {root} is inside the data folder; choose another disk or folder");
        Directory.CreateDirectory(root);
        var manifestPath = Path.Combine(root, BackupManifest.FileName);
        // An interrupted run leaves no manifest, so the folder never passes for a finished backup.
        File.Delete(manifestPath);

        // The heads are read before the snapshot: the snapshot must contain them, or rows were cut from the end.
        var auditFile = Path.Combine(data, AuditHeadFile.FileName);
        var chainFile = Path.Combine(data, IntegrityChain.HeadFileName);
        var liveAudit = new AuditHeadFile(auditFile).Read();
        var liveChain = new AuditHeadFile(chainFile).Read();
        var snapshot = Path.Combine(root, DatabaseFile);
        Snapshot(_db.ConnectionString, snapshot);
        var jobs = Path.Combine(data, JobsFile);
        if (File.Exists(jobs)) Snapshot(new SqliteConnectionStringBuilder { DataSource = jobs }.ToString(), Path.Combine(root, JobsFile));

        (long Id, string Hash) auditHead;
        (long Id, string Hash)? chainHead;
        int recordings;
        using (var db = new DatabaseFactory(snapshot).Open())
        {
            if (liveAudit is { } a && !await db.AuditEvents.AnyAsync(e => e.Id == a.Id && e.Hash == a.Hash, ct))
            {
                throw new BackupException($"the audit trail in the database does not contain its recorded head (row {a.Id}); run 'recace verify-audit' before backing up");
            }

            if (liveChain is { } c && !await db.ChainEntries.AnyAsync(e => e.Sequence == c.Id && e.Hash == c.Hash, ct))
            {
                throw new BackupException($"the integrity chain in the database does not contain its recorded head (entry {c.Id}); run 'recace verify --all' before backing up");
            }

            var newestAudit = await db.AuditEvents.OrderByDescending(e => e.Id).Select(e => new { e.Id, e.Hash }).FirstOrDefaultAsync(ct);
            auditHead = newestAudit is null ? (0L, AuditChain.Genesis) : (newestAudit.Id, newestAudit.Hash ?? AuditChain.Genesis);
            var newestChain = await db.ChainEntries.OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct);
            chainHead = newestChain is null ? null : (newestChain.Sequence, newestChain.Hash);
            recordings = await db.Recordings.CountAsync(ct);
        }

        SqliteConnection.ClearAllPools();
        var (copied, unchanged, bytes) = CopyFiles(data, Path.Combine(root, FilesFolder), ct);
        // The heads beside the snapshot are the snapshot's own newest rows, checked above against the live
        // heads: a call sealed while the files were copied is in the next backup, not half in this one.
        new AuditHeadFile(Path.Combine(root, FilesFolder, AuditHeadFile.FileName)).Write(auditHead.Id, auditHead.Hash);
        if (chainHead is { } head) new AuditHeadFile(Path.Combine(root, FilesFolder, IntegrityChain.HeadFileName)).Write(head.Id, head.Hash);
        var (headId, headHash) = auditHead;

        var manifest = new BackupManifest(BackupManifest.CurrentFormat, DateTimeOffset.UtcNow, typeof(DataBackup).Assembly.GetName().Version?.ToString() ?? "0",
            Sha256(snapshot), headId, headHash, recordings);
        await File.WriteAllTextAsync(manifestPath, JsonSerializer.Serialize(manifest, Json), ct);
        await _audit.WriteAsync(actor, "backup.create", root, string.Create(CultureInfo.InvariantCulture, $"{recordings} recordings, {copied} files copied, {unchanged} unchanged"), null, ct);
        return new BackupResult(manifest, copied, unchanged, bytes);
    }

    /// <summary>Reads a finished backup's manifest and checks the database snapshot against it.</summary>
    public static BackupManifest ReadVerified(string backupFolder)
    {
        var root = Path.GetFullPath(backupFolder);
        var manifestPath = Path.Combine(root, BackupManifest.FileName);
        if (!File.Exists(manifestPath)) throw new BackupException($"{root} is not a finished RecAce backup ({BackupManifest.FileName} is missing)");
        BackupManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<BackupManifest>(File.ReadAllText(manifestPath));
        }
        catch (JsonException e)
        {
            throw new BackupException($"{manifestPath} is not a valid backup manifest: {e.Message}", e);
        }

        if (manifest is null || manifest.Format != BackupManifest.CurrentFormat) throw new BackupException($"{manifestPath} has an unknown format");
        var snapshot = Path.Combine(root, DatabaseFile);
        if (!File.Exists(snapshot) || Sha256(snapshot) != manifest.DatabaseSha256) throw new BackupException($"the database snapshot in {root} is missing or does not match the manifest");
        return manifest;
    }

    internal static void Snapshot(string sourceConnectionString, string targetPath)
    {
        var temp = targetPath + ".tmp";
        File.Delete(temp);
        using (var source = new SqliteConnection(sourceConnectionString))
        using (var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = temp, Pooling = false }.ToString()))
        {
            source.Open();
            destination.Open();
            source.BackupDatabase(destination);
        }

        File.Move(temp, targetPath, overwrite: true);
    }

    internal static (int Copied, int Unchanged, long Bytes) CopyFiles(string from, string to, CancellationToken ct, Func<string, bool>? exclude = null)
    {
        exclude ??= IsExcluded;
        int copied = 0, unchanged = 0;
        long bytes = 0;
        foreach (var file in Directory.EnumerateFiles(from, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
        {
            ct.ThrowIfCancellationRequested();
            var relative = Path.GetRelativePath(from, file).Replace(Path.DirectorySeparatorChar, '/');
            if (exclude(relative)) continue;
            var source = new FileInfo(file);
            var destination = new FileInfo(Path.Combine(to, relative));
            if (destination.Exists && destination.Length == source.Length && destination.LastWriteTimeUtc == source.LastWriteTimeUtc)
            {
                unchanged++;
                continue;
            }

            Directory.CreateDirectory(destination.DirectoryName!);
            // Sealed recordings are read-only: the copy must be writable to replace, then keeps the source's mode.
            if (destination.Exists) destination.IsReadOnly = false;
            var temp = destination.FullName + ".tmp";
            File.Copy(source.FullName, temp, overwrite: true);
            File.SetLastWriteTimeUtc(temp, source.LastWriteTimeUtc);
            File.Move(temp, destination.FullName, overwrite: true);
            if (source.IsReadOnly) File.SetAttributes(destination.FullName, File.GetAttributes(destination.FullName) | FileAttributes.ReadOnly);
            copied++;
            bytes += source.Length;
        }

        return (copied, unchanged, bytes);
    }

    internal static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static bool IsSameOrInside(string path, string folder) =>
        path == folder || path.StartsWith(folder.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
