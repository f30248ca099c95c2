using System.Diagnostics;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Microsoft.Data.Sqlite;
using RecAce.Core.Transcription.Search;
using RecAce.Data;
using RecAce.Data.Entities;

namespace RecAce.Bench;

/// <summary>
/// Search latency over generated Japanese transcripts: the same query the call list runs (count plus
/// the newest 50 calls matching), for 2-character (LIKE), 3- and 8-character (trigram index) queries.
/// </summary>
internal static class TranscriptSearchBench
{
    // City-hall phrases; the queries are cut from them, so every query has matches.
    private static readonly string[] Phrases =
    [
        "住民票の写しを取りたいのですが", "税金の支払いについて聞きたい", "ゴミの収集日を教えてください", "担当の者に代わります",
        "少々お待ちください", "申請書はどこでもらえますか", "国民健康保険の手続きです", "児童手当の振込日はいつですか",
        "お電話ありがとうございます市民課です", "マイナンバーカードの更新について", "転入届を出したいのですが", "道路の穴が危ないです",
        "上司を出せと言っているんだ", "何度も電話しているのにふざけるな", "確認してから折り返しご連絡します", "窓口は八時半から開いています",
        "印鑑証明書が必要です", "保育園の入園申し込みについて", "粗大ごみの予約をしたい", "水道料金が高すぎる",
    ];

    public sealed record Figures(int Calls, int Segments, TimeSpan Generate, long DbBytes, IReadOnlyList<(string Query, int Chars, double P50, double P95, string Total)> Results);

    /// <param name="keptDatabase">
    /// A database file to keep: generated there when absent, reused as it is when present (generating
    /// 10M segments takes minutes, and a query figure is best taken on a quiet machine).
    /// </param>
    public static async Task<Figures> RunAsync(int calls, int segmentsPerCall, int rounds, string? keptDatabase = null)
    {
        var dir = Directory.CreateTempSubdirectory("recace-search-bench").FullName;
        try
        {
            var path = keptDatabase is null ? Path.Combine(dir, "recace.db") : Path.GetFullPath(keptDatabase);
            var reuse = File.Exists(path);
            var factory = new DatabaseFactory(path);
            DatabaseMigrator.MigrateUp(factory);
            factory.EnableWriteAheadLog();
            var watch = Stopwatch.StartNew();
            if (!reuse) Generate(factory, calls, segmentsPerCall);
            var generate = watch.Elapsed;
            if (reuse)
            {
                using var db = factory.Open();
                calls = db.Calls.Count();
                segmentsPerCall = (int)(db.TranscriptSegments.LongCount() / Math.Max(1, calls));
            }

            var queries = new (string Q, int Chars)[] { ("税金", 2), ("窓口", 2), ("住民票", 3), ("ふざけ", 3), ("マイナンバーカ", 7), ("収集日を教えてく", 8), ("上司を出せと言って", 9) };
            var results = new List<(string, int, double, double, string)>();
            foreach (var (q, chars) in queries)
            {
                var times = new List<double>();
                var total = "";
                for (var i = 0; i < rounds; i++)
                {
                    var t = Stopwatch.StartNew();
                    total = await QueryAsync(factory, q);
                    times.Add(t.Elapsed.TotalMilliseconds);
                }

                times.Sort();
                results.Add((q, chars, times[times.Count / 2], times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.95) - 1)], total));
            }

            return new Figures(calls, calls * segmentsPerCall, generate, new FileInfo(path).Length, results);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>What <c>GET /api/v1/calls?q=</c> runs: the newest page of 50 with snippets, and the count ("2000+" when bounded).</summary>
    private static async Task<string> QueryAsync(DatabaseFactory factory, string q)
    {
        using var db = factory.Open();
        var calls = db.Calls.Where(c => c.Status != CallStatus.Deleted);
        var found = await CallTextSearch.PageAsync(db, calls, q, skip: 0, take: 50, CancellationToken.None);
        var page = found.Rows.Select(r => r.Id).ToList();
        var segments = await db.TranscriptSegments.Where(s => page.Contains(s.CallId)).ToListAsync();
        foreach (var g in segments.GroupBy(s => s.CallId)) _ = TranscriptSearch.FirstHit(g, q);
        return found.Total.ToString(System.Globalization.CultureInfo.InvariantCulture) + (found.TotalIsLowerBound ? "+" : "");
    }

    private static void Generate(DatabaseFactory factory, int calls, int segmentsPerCall)
    {
        using var db = factory.Open();
        db.Execute("PRAGMA synchronous=OFF");
        var random = new Random(42);
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        const int batch = 5000;
        var options = new BulkCopyOptions { BulkCopyType = BulkCopyType.MultipleRows };
        for (var from = 0; from < calls; from += batch)
        {
            var callRows = new List<CallRow>();
            var segmentRows = new List<TranscriptSegmentRow>();
            for (var i = from; i < Math.Min(calls, from + batch); i++)
            {
                var id = Guid.NewGuid();
                callRows.Add(new CallRow
                {
                    Id = id, StartedAtMs = start + i * 30_000L, AdapterId = "bench", StaffExtension = "201", Status = CallStatus.Finalized,
                    OutsideNumber = "03" + random.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture),
                });
                for (var s = 0; s < segmentsPerCall; s++)
                {
                    // The two harassment phrases appear in about 1 % of segments; the others uniformly.
                    var p = random.Next(100) == 0 ? Phrases[12 + random.Next(2)] : Phrases[random.Next(Phrases.Length - 2) switch { var k when k >= 12 => k + 2, var k => k }];
                    segmentRows.Add(new TranscriptSegmentRow { CallId = id, Speaker = s % 2, StartMs = s * 4000L, EndMs = s * 4000L + 3500, Text = p + "、" + Phrases[random.Next(12)] });
                }
            }

            using var tx = db.BeginTransaction();
            db.BulkCopy(options, callRows);
            db.BulkCopy(options, segmentRows);
            tx.Commit();
        }
    }
}
