using System.Globalization;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Microsoft.Data.Sqlite;
using RecAce.Data;

namespace RecAce.Core.Backup;

/// <summary>What a restore put back, and the recordings the database names that the backup did not hold.</summary>
public sealed record RestoreResult(BackupManifest Manifest, int FilesCopied, IReadOnlyList<string> MissingRecordings, string? SetAside);

/// <summary>
/// Puts a backup back into a data folder, with the server stopped. A folder that already has a database
/// is refused unless forced, and then its database is set aside, never deleted.
/// </summary>
public static class DataRestore
{
    public static async Task<RestoreResult> RunAsync(string backupFolder, string dataDirectory, bool force, TimeProvider time, CancellationToken ct)
    {
        var manifest = DataBackup.ReadVerified(backupFolder);
        var root = Path.GetFullPath(backupFolder);
        var data = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(data);
        var database = Path.Combine(data, DataBackup.DatabaseFile);
        string? setAside = null;
        if (File.Exists(database))
        {
            if (!force) throw new BackupException($"{data} already has a database; stop the server and add --force to replace it (the current one is kept beside it)");
            setAside = database + ".before-restore-" + time.GetUtcNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
            SqliteConnection.ClearAllPools();
            File.Move(database, setAside);
            foreach (var suffix in new[] { "-wal", "-shm" })
            {
                if (File.Exists(database + suffix)) File.Move(database + suffix, setAside + suffix);
            }
        }

        var files = Path.Combine(root, DataBackup.FilesFolder);
        var copied = Directory.Exists(files) ? DataBackup.CopyFiles(files, data, ct, relative => relative.EndsWith(".tmp", StringComparison.Ordinal)).Copied : 0;
        File.Copy(Path.Combine(root, DataBackup.DatabaseFile), database);
        var jobs = Path.Combine(root, DataBackup.JobsFile);
        if (File.Exists(jobs)) File.Copy(jobs, Path.Combine(data, DataBackup.JobsFile), overwrite: true);

        var factory = new DatabaseFactory(database);
        var missing = new List<string>();
        using (var db = factory.Open())
        {
            var check = await db.ExecuteAsync<string>("PRAGMA integrity_check", ct);
            if (check != "ok") throw new BackupException($"the restored database fails SQLite's integrity check: {check}");
            // A deleted call keeps its row (the deletion is evidence too) but not its file.
            var rows = await (from r in db.Recordings
                              join c in db.Calls on r.CallId equals c.Id
                              where c.Status != Data.Entities.CallStatus.Deleted
                              select new { r.CallId, r.Path, r.SizeBytes }).ToListAsync(ct);
            foreach (var r in rows)
            {
                var file = new FileInfo(Path.Combine(data, r.Path));
                if (!file.Exists || file.Length != r.SizeBytes) missing.Add(string.Create(CultureInfo.InvariantCulture, $"{r.CallId} {r.Path}"));
            }
        }

        SqliteConnection.ClearAllPools();
        return new RestoreResult(manifest, copied, missing, setAside);
    }
}
