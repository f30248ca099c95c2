using System.Diagnostics;
using System.Security.Cryptography;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Logging.Abstractions;
using RecAce.Core;
using RecAce.Core.Evidence;
using RecAce.Core.Storage.Recordings;
using RecAce.Data;
using RecAce.Data.Entities;
using RecAce.Data.Integrity;

namespace RecAce.Bench;

/// <summary>
/// What the integrity chain costs: sealing a call with and without its chain entry (same
/// transaction), and a full verification against bare SHA-256 of the same recording files.
/// </summary>
internal static class IntegrityBench
{
    public sealed record Figures(int Calls, int FileKb, double SealMsWithout, double SealMsWith, TimeSpan Verify, TimeSpan BareHash, bool Intact);

    public static async Task<Figures> RunAsync(int calls, int fileKb)
    {
        var dir = Directory.CreateTempSubdirectory("recace-integrity-bench").FullName;
        try
        {
            var options = new RecAceOptions { DataDirectory = dir, TimeZone = "UTC" };
            var db = new DatabaseFactory(Path.Combine(dir, "recace.db"));
            DatabaseMigrator.MigrateUp(db);
            db.EnableWriteAheadLog();
            using var chain = new IntegrityChain(db, TimeProvider.System, options);
            using var key = new ServerKeyProvider(options);

            // Half the calls sealed the way a chain-less finalizer does, half with the chain entry.
            var without = await SealAsync(db, dir, calls / 2, fileKb, null);
            var with = await SealAsync(db, dir, calls - calls / 2, fileKb, chain);
            // The calls sealed without an entry are entered now, so the verification below is clean.
            using (var c = db.Open())
            {
                foreach (var id in await c.Calls.Where(x => !c.ChainEntries.Any(e => e.CallId == x.Id)).Select(x => x.Id).ToListAsync())
                {
                    await chain.AppendAsync((d, ct) => IntegrityChain.DraftAsync(d, id, ChainEntryKind.Enroll, null, ct), CancellationToken.None);
                }
            }

            var verifier = new IntegrityVerifier(db, chain, key, new FolderRecordingStore(options.DataDirectory), TimeProvider.System);
            var watch = Stopwatch.StartNew();
            var report = await verifier.VerifyAsync(null, CancellationToken.None);
            var verify = watch.Elapsed;

            watch.Restart();
            foreach (var file in Directory.EnumerateFiles(Path.Combine(dir, "recordings")))
            {
                await using var s = File.OpenRead(file);
                await SHA256.HashDataAsync(s);
            }

            return new Figures(calls, fileKb, without, with, verify, watch.Elapsed, report.Intact);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)) File.SetAttributes(f, FileAttributes.Normal);
            Directory.Delete(dir, true);
        }
    }

    /// <returns>Milliseconds per sealed call (rows and, with a chain, its entry; the file is written beforehand).</returns>
    private static async Task<double> SealAsync(DatabaseFactory db, string dir, int count, int fileKb, IntegrityChain? chain)
    {
        Directory.CreateDirectory(Path.Combine(dir, "recordings"));
        var content = new byte[fileKb * 1024];
        var elapsed = TimeSpan.Zero;
        for (var i = 0; i < count; i++)
        {
            var id = Guid.NewGuid();
            RandomNumberGenerator.Fill(content);
            var relative = $"recordings/{id:N}.opus";
            await File.WriteAllBytesAsync(Path.Combine(dir, relative), content);
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            using (var c = db.Open())
            {
                await c.InsertAsync(new CallRow { Id = id, AdapterId = "bench", OutsideNumber = "0312345678", StaffExtension = "201", StartedAtMs = now, Status = CallStatus.Closed, CreatedAtMs = now });
            }

            var recording = new RecordingRow { CallId = id, Path = relative, Format = "ogg/opus", Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), SizeBytes = content.Length, DurationMs = 60_000, Channels = 2, SealedAtMs = now };
            var watch = Stopwatch.StartNew();
            if (chain is null)
            {
                using var c = db.Open();
                await using var tx = await c.BeginTransactionAsync();
                await Seal(c, recording);
                await tx.CommitAsync();
            }
            else
            {
                await chain.AppendAsync(async (c, ct) =>
                {
                    await Seal(c, recording);
                    return await IntegrityChain.DraftAsync(c, id, ChainEntryKind.Seal, null, ct);
                }, CancellationToken.None);
            }

            elapsed += watch.Elapsed;
        }

        return elapsed.TotalMilliseconds / Math.Max(1, count);
    }

    // The same two statements CallStore.MarkFinalizedAsync runs.
    private static async Task Seal(RecAceDb c, RecordingRow recording)
    {
        await c.InsertAsync(recording);
        await c.Calls.Where(x => x.Id == recording.CallId).Set(x => x.Status, CallStatus.Finalized).Set(x => x.DurationMs, 60_000L).UpdateAsync();
    }
}
