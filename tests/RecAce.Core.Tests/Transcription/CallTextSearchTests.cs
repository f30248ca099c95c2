using LinqToDB.Data;
using RecAce.Core.Transcription.Search;
using RecAce.Data;
using RecAce.Data.Entities;

namespace RecAce.Core.Tests.Transcription;

/// <summary>The bounded newest-first transcript search against a real database: SQLite with the FTS5 trigram index, or PostgreSQL with pg_trgm under RECACE_TEST_DATABASE=postgres.</summary>
public sealed class CallTextSearchTests : IDisposable
{
    private static readonly long Start = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.FromHours(9)).ToUnixTimeMilliseconds();
    private readonly string _dir = Directory.CreateTempSubdirectory("recace-search-").FullName;
    private readonly RecAce.Tests.TestDatabase _database;
    private readonly DatabaseFactory _db;

    // More calls saying 住民票 than the window reads, one old call of extension 999 saying it too,
    // and three calls with a rare word.
    private readonly int _frequentCalls = CallTextSearch.HitLimit + 500;

    public CallTextSearchTests()
    {
        _database = RecAce.Tests.TestDatabase.Create(_dir, migrated: true);
        _db = _database.Factory;
        DatabaseMigrator.MigrateUp(_db);
        using var db = _db.Open();
        var calls = new List<CallRow>();
        var segments = new List<TranscriptSegmentRow>();
        void Add(int minute, string extension, string text)
        {
            var id = Guid.NewGuid();
            calls.Add(new CallRow { Id = id, StartedAtMs = Start + minute * 60_000L, AdapterId = "test", StaffExtension = extension, Status = CallStatus.Finalized });
            segments.Add(new TranscriptSegmentRow { CallId = id, Speaker = 0, StartMs = 1000, EndMs = 3000, Text = text });
        }

        // Segments are written in call order, as transcription follows the calls.
        Add(0, "999", "住民票の写しをお願いします");
        for (var i = 1; i <= _frequentCalls; i++) Add(i, "201", i % 2000 == 0 ? "税金の支払いと住民票について、上司を出せ" : "住民票の写しをお願いします");
        var options = new BulkCopyOptions { BulkCopyType = BulkCopyType.MultipleRows };
        db.BulkCopy(options, calls);
        db.BulkCopy(options, segments);
    }

    [Fact]
    public async Task PageAsync_FrequentWord_NewestCallsFirstAndTotalIsALowerBound()
    {
        using var db = _db.Open();

        var page = await CallTextSearch.PageAsync(db, db.Calls, "住民票", skip: 0, take: 50, CancellationToken.None);

        Assert.Equal(50, page.Rows.Count);
        Assert.Equal(Start + _frequentCalls * 60_000L, page.Rows[0].StartedAtMs);
        Assert.True(page.Rows.Zip(page.Rows.Skip(1)).All(p => p.First.StartedAtMs > p.Second.StartedAtMs));
        Assert.True(page.TotalIsLowerBound);
        Assert.Equal(CallTextSearch.HitLimit, page.Total);
    }

    [Fact]
    public async Task PageAsync_RareWord_ExactTotal()
    {
        using var db = _db.Open();

        var page = await CallTextSearch.PageAsync(db, db.Calls, "上司を出せ", skip: 0, take: 50, CancellationToken.None);

        Assert.False(page.TotalIsLowerBound);
        Assert.Equal(_frequentCalls / 2000, page.Total);
        Assert.Equal(_frequentCalls / 2000, page.Rows.Count);
    }

    [Fact]
    public async Task PageAsync_NarrowFilterOutsideTheWindow_FallsBackToTheExactSearch()
    {
        using var db = _db.Open();

        var page = await CallTextSearch.PageAsync(db, db.Calls.Where(c => c.StaffExtension == "999"), "住民票", skip: 0, take: 50, CancellationToken.None);

        var only = Assert.Single(page.Rows);
        Assert.Equal(Start, only.StartedAtMs);
        Assert.Equal(1, page.Total);
        Assert.False(page.TotalIsLowerBound);
    }

    [Fact]
    public async Task PageAsync_TwoCharacterWord_UsesTheSameWindowWithoutTheIndex()
    {
        using var db = _db.Open();

        var page = await CallTextSearch.PageAsync(db, db.Calls, "税金", skip: 0, take: 50, CancellationToken.None);

        Assert.Equal(_frequentCalls / 2000, page.Total);
        Assert.False(page.TotalIsLowerBound);
        Assert.All(page.Rows, r => Assert.Equal("201", r.StaffExtension));
    }

    [Fact]
    public async Task PageAsync_DeepPageBeyondTheWindow_ExactPage()
    {
        using var db = _db.Open();

        var page = await CallTextSearch.PageAsync(db, db.Calls, "住民票", skip: _frequentCalls, take: 50, CancellationToken.None);

        Assert.Equal(Start, Assert.Single(page.Rows).StartedAtMs);
        Assert.Equal(_frequentCalls + 1, page.Total);
        Assert.False(page.TotalIsLowerBound);
    }

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
