using System.Diagnostics;
using LinqToDB;
using LinqToDB.Data;
using RecAce.Core;
using RecAce.Data;
using RecAce.Data.Entities;
using RecAce.Web.Api;

namespace RecAce.Bench;

/// <summary>
/// Figure 3: server time of the call list (<see cref="CallQueries.ListAsync"/>, the code behind
/// <c>GET /api/v1/calls</c> and the Calls page: filter, count, one page, DTOs) with N calls stored.
/// </summary>
internal static class CallListBench
{
    /// <summary>One kind of call-list request, as people use the list.</summary>
    public sealed record Scenario(string Name, Func<Random, CallQuery> Query);

    public sealed record Result(int Rows, TimeSpan FillTime, IReadOnlyList<(string Name, double P50, double P95)> Scenarios, double OverallP95);

    public static async Task<Result> RunAsync(int rows, int iterations)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"recace-bench-list-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var db = new DatabaseFactory(Path.Combine(dir, "recace.db"));
            DatabaseMigrator.MigrateUp(db);
            db.EnableWriteAheadLog();
            var fill = Stopwatch.StartNew();
            var newest = Fill(db, rows);
            fill.Stop();
            var queries = new CallQueries(db, new RecAceOptions { DataDirectory = dir, TimeZone = "Asia/Tokyo" });
            var day = TimeSpan.FromDays(1);
            var scenarios = new Scenario[]
            {
                new("newest page (no filter)", _ => new CallQuery()),
                new("one day", r => new CallQuery { From = newest - day * r.Next(1, 1500), To = null } is var q ? q with { To = q.From + day } : q),
                new("one extension (Staff scope)", r => new CallQuery { StaffExtensions = [Extension(r.Next(300))] }),
                new("extension + month", r => new CallQuery { Extension = Extension(r.Next(300)), From = newest - day * 60, To = newest - day * 30 }),
                new("page 200 (deep paging)", _ => new CallQuery { Page = 200 }),
                new("number, 1 week", r => new CallQuery { Number = "03" + r.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture), From = newest - day * 7 }),
            };
            var all = new List<double>();
            var results = new List<(string, double, double)>();
            var random = new Random(7);
            foreach (var s in scenarios)
            {
                for (var i = 0; i < 3; i++) await queries.ListAsync(s.Query(random), CancellationToken.None);
                var times = new List<double>();
                for (var i = 0; i < iterations; i++)
                {
                    var q = s.Query(random);
                    var sw = Stopwatch.StartNew();
                    await queries.ListAsync(q, CancellationToken.None);
                    times.Add(sw.Elapsed.TotalMilliseconds);
                }

                all.AddRange(times);
                results.Add((s.Name, Percentile(times, 0.5), Percentile(times, 0.95)));
            }

            return new Result(rows, fill.Elapsed, results, Percentile(all, 0.95));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Extension(int i) => (200 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Calls spread over five years, 300 extensions, Tokyo-area numbers; 2 % deleted by retention.</summary>
    private static DateTimeOffset Fill(DatabaseFactory factory, int rows)
    {
        var random = new Random(42);
        var newest = DateTimeOffset.UtcNow;
        var span = (long)TimeSpan.FromDays(5 * 365).TotalMilliseconds;
        using var db = factory.Open();
        const int batch = 20_000;
        for (var done = 0; done < rows; done += batch)
        {
            var chunk = Enumerable.Range(done, Math.Min(batch, rows - done)).Select(_ =>
            {
                var started = newest.ToUnixTimeMilliseconds() - (long)(random.NextDouble() * span);
                var duration = random.Next(10_000, 600_000);
                return new CallRow
                {
                    Id = Guid.NewGuid(),
                    StartedAtMs = started,
                    EndedAtMs = started + duration,
                    DurationMs = duration,
                    Direction = random.Next(2),
                    OutsideNumber = "0" + random.Next(3, 9).ToString(System.Globalization.CultureInfo.InvariantCulture) + random.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    OutsideName = random.Next(4) == 0 ? "市民 太郎" : null,
                    StaffExtension = Extension(random.Next(300)),
                    AdapterId = "sip",
                    Status = random.Next(50) == 0 ? CallStatus.Deleted : CallStatus.Finalized,
                    CreatedAtMs = started + duration,
                };
            }).ToList();
            using var tx = db.BeginTransaction();
            db.BulkCopy(new BulkCopyOptions { BulkCopyType = BulkCopyType.MultipleRows, MaxBatchSize = 500 }, chunk);
            tx.Commit();
        }

        db.Execute("ANALYZE");
        return newest;
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
