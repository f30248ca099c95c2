using LinqToDB;
using LinqToDB.Async;
using Microsoft.Data.Sqlite;
using RecAce.Core.Audit;
using RecAce.Core.Backup;
using RecAce.Core.Tests.Calls;
using RecAce.Core.Tests.Pipeline;
using RecAce.Data;
using RecAce.Plugins;

namespace RecAce.Core.Tests.Backup;

/// <summary>Backup of a live data folder with a real sealed recording, and restore into an empty one.</summary>
[Trait("Category", "Integration")]
public sealed class DataBackupTests : IDisposable
{
    // The backup is SQLite's online snapshot of the database file; on PostgreSQL it refuses (the test below).
    private const string SqliteSnapshot = "backup and restore copy the SQLite database file (PostgreSQL uses pg_dump; Create_OnPostgres_RefusedNamingPgDump)";
    private readonly RecordingBench _bench = new();
    private readonly string _backup = Path.Combine(Path.GetTempPath(), "recace-backup-" + Guid.NewGuid().ToString("N"));
    private readonly string _restored = Path.Combine(Path.GetTempPath(), "recace-restored-" + Guid.NewGuid().ToString("N"));

    private AuditLog Audit => new(_bench.Db, TimeProvider.System, _bench.Options);

    private async Task<(Guid Id, string Path, string Sha256)> SealedCallAsync()
    {
        var call = await _bench.Intake.OpenAsync("test", new CallInfo
        {
            Direction = CallDirection.Inbound, OutsideNumber = "0312345678", StaffExtension = "201", StartedAt = RtpStream.Start,
            Legs = [new LegInfo("a", LegRole.Outside), new LegInfo("b", LegRole.Staff)],
        }, CancellationToken.None);
        for (var i = 0; i < 100; i++)
        {
            call.Write("a", RtpStream.Pcmu(i));
            call.Write("b", RtpStream.Pcmu(i, ssrc: 77));
        }

        await call.CloseAsync(CallEndReason.Normal);
        Assert.True(await _bench.Finalizer.FinalizeAsync(call.CallId, CancellationToken.None));
        using var db = _bench.Db.Open();
        var recording = await db.Recordings.SingleAsync(r => r.CallId == call.CallId);
        return (call.CallId, recording.Path, recording.Sha256);
    }

    [RecAce.Tests.SqliteFact(SqliteSnapshot)]
    public async Task CreateThenRestore_EmptyDataFolder_SameCallsRecordingsAndIntactAuditTrail()
    {
        var call = await SealedCallAsync();
        await Audit.WriteAsync("tester", "call.listen", call.Id.ToString(), null, null, CancellationToken.None);

        var result = await new DataBackup(_bench.Options, _bench.Db, Audit).CreateAsync(_backup, "tester", CancellationToken.None);
        var restored = await DataRestore.RunAsync(_backup, _restored, force: false, TimeProvider.System, CancellationToken.None);

        Assert.Equal(1, result.Manifest.Recordings);
        Assert.Empty(restored.MissingRecordings);
        Assert.False(Directory.Exists(Path.Combine(_restored, "spool")));
        var file = Path.Combine(_restored, call.Path);
        Assert.Equal(call.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file))));
        var restoredDb = new DatabaseFactory(Path.Combine(_restored, DataBackup.DatabaseFile));
        var restoredOptions = new RecAceOptions { DataDirectory = _restored };
        var verification = await new AuditVerifier(restoredDb, new AuditLog(restoredDb, TimeProvider.System, restoredOptions)).VerifyAsync(CancellationToken.None);
        Assert.True(verification.Intact, verification.Problem);
        using var db = restoredDb.Open();
        Assert.True(await db.Calls.AnyAsync(c => c.Id == call.Id));
        var newestEntry = await db.ChainEntries.OrderByDescending(e => e.Sequence).FirstAsync();
        Assert.Equal((newestEntry.Sequence, newestEntry.Hash), new AuditHeadFile(Path.Combine(_restored, Core.Evidence.IntegrityChain.HeadFileName)).Read());
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Action == "call.listen"));
    }

    [RecAce.Tests.SqliteFact(SqliteSnapshot)]
    public async Task Create_SecondRunToTheSameFolder_CopiesOnlyNewRecordings()
    {
        var old = await SealedCallAsync();
        var backup = new DataBackup(_bench.Options, _bench.Db, Audit);
        var first = await backup.CreateAsync(_backup, "tester", CancellationToken.None);
        var added = await SealedCallAsync();

        var second = await backup.CreateAsync(_backup, "tester", CancellationToken.None);

        Assert.True(first.FilesCopied >= 1);
        Assert.Equal(2, second.Manifest.Recordings);
        Assert.True(second.FilesUnchanged >= 1); // the first recording: the only file of the folder that did not change
        Assert.True(File.Exists(Path.Combine(_backup, DataBackup.FilesFolder, added.Path)));
        Assert.True(new FileInfo(Path.Combine(_backup, DataBackup.FilesFolder, old.Path)).IsReadOnly);
        using var db = _bench.Db.Open();
        Assert.Equal(2, await db.AuditEvents.CountAsync(e => e.Action == "backup.create"));
    }

    [RecAce.Tests.SqliteFact(SqliteSnapshot)]
    public async Task Restore_DataFolderAlreadyHasADatabase_RefusedUnlessForcedAndThenKeptAside()
    {
        await SealedCallAsync();
        await new DataBackup(_bench.Options, _bench.Db, Audit).CreateAsync(_backup, "tester", CancellationToken.None);
        Directory.CreateDirectory(_restored);
        await File.WriteAllTextAsync(Path.Combine(_restored, DataBackup.DatabaseFile), "a database worth keeping");

        var refused = await Assert.ThrowsAsync<BackupException>(() => DataRestore.RunAsync(_backup, _restored, force: false, TimeProvider.System, CancellationToken.None));
        var forced = await DataRestore.RunAsync(_backup, _restored, force: true, TimeProvider.System, CancellationToken.None);

        Assert.Contains("--force", refused.Message, StringComparison.Ordinal);
        Assert.Equal("a database worth keeping", await File.ReadAllTextAsync(forced.SetAside!));
    }

    [RecAce.Tests.SqliteFact(SqliteSnapshot)]
    public async Task Restore_SnapshotAlteredOrRecordingLost_RefusedOrNamed()
    {
        var call = await SealedCallAsync();
        await new DataBackup(_bench.Options, _bench.Db, Audit).CreateAsync(_backup, "tester", CancellationToken.None);
        var recordingInBackup = Path.Combine(_backup, DataBackup.FilesFolder, call.Path);
        File.SetAttributes(recordingInBackup, FileAttributes.Normal);
        File.Delete(recordingInBackup);

        var restored = await DataRestore.RunAsync(_backup, _restored, force: false, TimeProvider.System, CancellationToken.None);
        await File.AppendAllTextAsync(Path.Combine(_backup, DataBackup.DatabaseFile), "x");
        var altered = Assert.Throws<BackupException>(() => DataBackup.ReadVerified(_backup));

        Assert.Contains(restored.MissingRecordings, m => m.StartsWith(call.Id.ToString(), StringComparison.Ordinal));
        Assert.Contains("does not match", altered.Message, StringComparison.Ordinal);
    }

    [RecAce.Tests.SqliteFact(SqliteSnapshot)]
    public async Task Create_BackupFolderInsideTheDataFolder_Refused()
    {
        var inside = Path.Combine(_bench.DataDirectory, "backups");

        var e = await Assert.ThrowsAsync<BackupException>(() => new DataBackup(_bench.Options, _bench.Db, Audit).CreateAsync(inside, "tester", CancellationToken.None));

        Assert.Contains("inside the data folder", e.Message, StringComparison.Ordinal);
    }

    [RecAce.Tests.PostgresFact]
    public async Task Create_OnPostgres_RefusedNamingPgDump()
    {
        var backup = new DataBackup(_bench.Options, _bench.Db, Audit);

        var e = await Assert.ThrowsAsync<BackupException>(() => backup.CreateAsync(_backup, "test", CancellationToken.None));

        Assert.Contains("pg_dump", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_backup));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _bench.Dispose();
        foreach (var dir in new[] { _backup, _restored })
        {
            if (!Directory.Exists(dir)) continue;
            foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)) File.SetAttributes(f, FileAttributes.Normal);
            Directory.Delete(dir, recursive: true);
        }
    }
}
