using System.Security.Cryptography;
using LinqToDB;
using LinqToDB.Async;
using RecAce.Core.Evidence;
using RecAce.Core.Storage.Recordings;
using RecAce.Data;
using RecAce.Data.Entities;

namespace RecAce.Core.Tests.Evidence;

/// <summary>An install upgraded from before the chain: its sealed and deleted recordings are enrolled by the migration and verify clean.</summary>
[Trait("Category", "Integration")]
public sealed class EnrollmentMigrationTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "recace-enroll-" + Guid.NewGuid().ToString("N"));
    private RecAce.Tests.TestDatabase? _database;

    [Fact]
    public async Task MigrateUp_SealedAndDeletedCallsFromBefore_EnrolledAndVerifyClean()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "recordings"));
        _database = RecAce.Tests.TestDatabase.Create(_dir);
        var db = _database.Factory;
        DatabaseMigrator.MigrateUp(db, 15);
        var sealedId = Guid.NewGuid();
        var deletedId = Guid.NewGuid();
        var bytes = RandomNumberGenerator.GetBytes(4096);
        await File.WriteAllBytesAsync(Path.Combine(_dir, "recordings", "a.opus"), bytes);
        using (var c = db.Open())
        {
            foreach (var (id, status, path) in new[] { (sealedId, CallStatus.Finalized, "recordings/a.opus"), (deletedId, CallStatus.Deleted, "recordings/gone.opus") })
            {
                await c.InsertAsync(new CallRow { Id = id, AdapterId = "old", OutsideNumber = "0312345678", StaffExtension = "201", StartedAtMs = 1_700_000_000_000, EndedAtMs = 1_700_000_060_000, DurationMs = 60_000, Status = status, CreatedAtMs = 1_700_000_000_000 });
                await c.InsertAsync(new RecordingRow { CallId = id, Path = path, Format = "ogg/opus", Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), SizeBytes = bytes.Length, DurationMs = 60_000, Channels = 2, SealedAtMs = 1_700_000_060_000 });
            }
        }

        DatabaseMigrator.MigrateUp(db);

        using (var c = db.Open())
        {
            var entries = await c.ChainEntries.OrderBy(e => e.Sequence).ToListAsync();
            Assert.Equal(["enroll", "enroll", "delete.retention"], entries.Select(e => e.Kind));
            Assert.Equal(sealedId, entries[0].CallId);
            Assert.Equal(deletedId, entries[2].CallId);
        }

        var options = new RecAceOptions { DataDirectory = _dir };
        using var chain = new IntegrityChain(db, TimeProvider.System, options);
        using var key = new ServerKeyProvider(options);
        var report = await new IntegrityVerifier(db, chain, key, new FolderRecordingStore(_dir), TimeProvider.System).VerifyAsync(null, CancellationToken.None);
        Assert.True(report.Intact, string.Join('\n', report.Problems));
        Assert.Equal(2, report.CallsChecked);
    }

    public void Dispose()
    {
        _database?.Dispose();
        Directory.Delete(_dir, true);
    }
}
