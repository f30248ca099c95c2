using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using RecAce.Core.Audit;
using RecAce.Data;
using RecAce.Data.Entities;
using RecAce.Tests;

namespace RecAce.Core.Tests.Data;

/// <summary>The migrations and the engine-specific schema (call count triggers, text index) on the engine of this run: SQLite, or PostgreSQL under RECACE_TEST_DATABASE=postgres.</summary>
[Trait("Category", "Integration")]
public sealed class DatabaseEngineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("recace-engine-").FullName;
    private readonly TestDatabase _database;

    public DatabaseEngineTests() => _database = TestDatabase.Create(_dir);

    [Fact]
    public void MigrateUp_FreshDatabase_AppliesEveryMigrationThenNothing()
    {
        var first = DatabaseMigrator.MigrateUp(_database.Factory);
        var second = DatabaseMigrator.MigrateUp(_database.Factory);

        Assert.Contains(1L, first);
        Assert.Contains(15L, first);
        Assert.True(first.Count >= 13, $"applied {first.Count}");
        Assert.Empty(second);
        Assert.Equal(TestDatabase.IsPostgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite, _database.Factory.Provider);
    }

    [Fact]
    public async Task CallListCount_InsertDeleteAndStatusChanges_CountFollowsListedCalls()
    {
        DatabaseMigrator.MigrateUp(_database.Factory);
        using var db = _database.Factory.Open();
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        var c = Guid.NewGuid();
        foreach (var (id, status) in new[] { (a, CallStatus.Finalized), (b, CallStatus.Recording), (c, CallStatus.Deleted) })
            await db.InsertAsync(new CallRow { Id = id, AdapterId = "test", Status = status, StartedAtMs = 1_700_000_000_000, CreatedAtMs = 1_700_000_000_000 });
        Assert.Equal(2, await Count(db));

        await db.Calls.Where(x => x.Id == a).Set(x => x.Status, CallStatus.Deleted).UpdateAsync();
        Assert.Equal(1, await Count(db));
        await db.Calls.Where(x => x.Id == c).Set(x => x.Status, CallStatus.Finalized).UpdateAsync();
        Assert.Equal(2, await Count(db));
        await db.Calls.Where(x => x.Id == b).Set(x => x.Status, CallStatus.Closed).UpdateAsync();
        Assert.Equal(2, await Count(db));
        await db.Calls.Where(x => x.Id == b).DeleteAsync();
        Assert.Equal(1, await Count(db));
        Assert.Equal(await db.Calls.CountAsync(x => x.Status != CallStatus.Deleted), await Count(db));
    }

    [Fact]
    public async Task Rows_GuidBoolLongAndUnicode_RoundTrip()
    {
        DatabaseMigrator.MigrateUp(_database.Factory);
        using var db = _database.Factory.Open();
        var id = Guid.NewGuid();
        await db.InsertAsync(new CallRow
        {
            Id = id, AdapterId = "test", Status = CallStatus.Finalized, StartedAtMs = long.MaxValue / 2, CreatedAtMs = 1,
            LegalHold = true, Recovered = false, OutsideName = "山田 太郎", StaffExtension = "201",
        });

        var row = await db.Calls.SingleAsync(x => x.Id == id && x.LegalHold && !x.Recovered);
        Assert.Equal(long.MaxValue / 2, row.StartedAtMs);
        Assert.Equal("山田 太郎", row.OutsideName);
        Assert.Equal(CallStatus.Finalized, row.Status);
    }

    [PostgresFact]
    public async Task MigrateUp_Postgres_TrigramIndexOverTheTextInForce()
    {
        DatabaseMigrator.MigrateUp(_database.Factory);
        using var db = _database.Factory.Open();

        var extension = await db.ExecuteAsync<string>("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'");
        var index = await db.ExecuteAsync<string>("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_transcript_segments_text_trgm'");

        Assert.Equal("pg_trgm", extension);
        Assert.Contains("gin_trgm_ops", index, StringComparison.Ordinal);
        Assert.Contains("COALESCE(corrected_text, text)", index, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditSearch_FilterInOtherCase_FindsTheRowOnEitherDatabase()
    {
        DatabaseMigrator.MigrateUp(_database.Factory);
        using var log = new AuditLog(_database.Factory, TimeProvider.System);
        await log.WriteAsync("cli:Operator", "Backup.Create", "/mnt/NAS", "3 Recordings", null, CancellationToken.None);
        await log.WriteAsync("someone", "user.add", "tanaka", null, null, CancellationToken.None);
        var search = new AuditSearch(_database.Factory);

        var byActor = await search.FindAsync(new AuditFilter { Actor = "OPERATOR" }, 0, 10, CancellationToken.None);
        var byAction = await search.FindAsync(new AuditFilter { Action = "backup." }, 0, 10, CancellationToken.None);
        var byText = await search.FindAsync(new AuditFilter { Text = "nas" }, 0, 10, CancellationToken.None);

        Assert.Equal("cli:Operator", Assert.Single(byActor.Rows).Actor);
        Assert.Equal("Backup.Create", Assert.Single(byAction.Rows).Action);
        Assert.Equal("/mnt/NAS", Assert.Single(byText.Rows).Target);
    }

    [PostgresFact]
    public async Task AuditLog_TwoWritersOnOneDatabase_OneUnbrokenChain()
    {
        DatabaseMigrator.MigrateUp(_database.Factory);
        // Two logs, as two servers (or a CLI verb beside the server) have: their in-process gates do not
        // see each other, only the database lock keeps them from numbering from the same last row.
        using var first = new AuditLog(_database.Factory, TimeProvider.System);
        using var second = new AuditLog(_database.Factory, TimeProvider.System);

        await Task.WhenAll(
            Task.Run(async () => { for (var i = 0; i < 40; i++) await first.WriteAsync("a", "test.write", $"a{i}", null, null, CancellationToken.None); }),
            Task.Run(async () => { for (var i = 0; i < 40; i++) await second.WriteAsync("b", "test.write", $"b{i}", null, null, CancellationToken.None); }));

        var verification = await new AuditVerifier(_database.Factory, first).VerifyAsync(CancellationToken.None);
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(80, verification.Checked);
    }

    private static Task<long> Count(RecAceDb db) => db.CallListCount.Where(x => x.Id == 1).Select(x => x.Count).SingleAsync();

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
