using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using RecAce.Core;
using RecAce.Core.Audit;
using RecAce.Core.Evidence;
using RecAce.Core.Retention;
using RecAce.Core.Storage.Recordings;
using RecAce.Data;
using RecAce.Data.Entities;
using RecAce.Web.Tests.EndToEnd;

namespace RecAce.Web.Tests.Evidence;

/// <summary>
/// <c>recace verify</c> on the real binary over calls sealed by the real host (real ffmpeg): clean
/// when untouched and after a legitimate retention deletion; exit 1 naming each call whose file,
/// row or chain entry was tampered with.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class VerifyCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("recace-verify");

    private string DataDirectory => _temp.Combine("data");

    private Dictionary<string, string> Settings => new() { ["RecAce:DataDirectory"] = DataDirectory };

    [Fact]
    public async Task Verify_FlippedByteEditedRowRemovedEntry_ExitsOneNamingEachCall()
    {
        var (flipped, edited, unchained, untouched) = await SealFourCallsAsync();

        var clean = await HostProcess.RunVerbAsync(Settings, "verify", "--all");
        Assert.True(clean.ExitCode == 0, clean.Stdout + clean.Stderr);
        Assert.StartsWith("integrity intact: 4 calls, 4 chain entries", clean.Stdout, StringComparison.Ordinal);

        // One byte flipped in a sealed recording (read-only on disk, as the finalizer left it).
        var file = await RecordingPathAsync(flipped);
        File.SetAttributes(file, FileAttributes.Normal);
        var bytes = await File.ReadAllBytesAsync(file);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(file, bytes);
        // A call row edited behind the application's back.
        using (var db = Database.Open())
        {
            await db.Calls.Where(c => c.Id == edited).Set(c => c.OutsideNumber, "0120000000").UpdateAsync();
        }

        // A chain entry removed from the middle.
        var sequence = await SequenceOfAsync(unchained);
        Execute($"DELETE FROM integrity_chain WHERE seq = {sequence}");

        var tampered = await HostProcess.RunVerbAsync(Settings, "verify");
        Assert.Equal(1, tampered.ExitCode);
        var lines = tampered.Stdout.Split('\n');
        Assert.Contains(lines, l => l.StartsWith($"call {flipped}: the recording file was changed", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"call {edited}: the call row was changed", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"call {unchained}: sealed recording has no entry in the integrity chain", StringComparison.Ordinal));
        Assert.Contains(lines, l => l == $"chain: chain entries {sequence} to {sequence} were removed");
        Assert.DoesNotContain(untouched.ToString(), tampered.Stdout, StringComparison.Ordinal);
        // Each call on one line.
        Assert.Single(lines, l => l.Contains(flipped.ToString(), StringComparison.Ordinal));

        // The single call's own check names only what concerns it (the chain is always checked whole).
        var one = await HostProcess.RunVerbAsync(Settings, "verify", flipped.ToString());
        Assert.Equal(1, one.ExitCode);
        Assert.DoesNotContain(edited.ToString(), one.Stdout, StringComparison.Ordinal);
        Assert.Contains($"call {flipped}: the recording file was changed", one.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_NewestEntriesRemoved_HeadFileShowsIt()
    {
        await SealFourCallsAsync();
        Execute("DELETE FROM integrity_chain WHERE seq >= 3");

        var result = await HostProcess.RunVerbAsync(Settings, "verify");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("chain: chain entries 3 to 4 were removed from the end", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AfterRetentionDeletion_IsCleanAndTheDeletionIsInTheChain()
    {
        Guid deleted, kept;
        await using (var factory = RecAceFactory.With(Settings))
        {
            _ = factory.Server;
            deleted = await SealedCalls.RecordAsync(factory, "0311111111", "201");
            kept = await SealedCalls.RecordAsync(factory, "0322222222", "202");
            var services = factory.Services;
            using (var db = services.GetRequiredService<DatabaseFactory>().Open())
            {
                await db.Calls.Where(c => c.Id == kept).Set(c => c.LegalHold, true).UpdateAsync();
            }

            // The sweep as it runs six years from now: both calls have expired, the held one is kept.
            var sweeper = new RetentionSweeper(services.GetRequiredService<RecAceOptions>(), services.GetRequiredService<DatabaseFactory>(),
                services.GetRequiredService<AuditLog>(), services.GetRequiredService<IRecordingStore>(), services.GetRequiredService<RetentionPolicies>(),
                services.GetRequiredService<IntegrityChain>(), new LaterTime(TimeSpan.FromDays(6 * 365)), NullLogger<RetentionSweeper>.Instance);
            Assert.Equal(1, await sweeper.SweepAsync(CancellationToken.None));
            using var check = services.GetRequiredService<DatabaseFactory>().Open();
            var entry = await check.ChainEntries.OrderByDescending(e => e.Sequence).FirstAsync();
            Assert.Equal("delete.retention", entry.Kind);
            Assert.Equal(deleted, entry.CallId);
            Assert.Equal(CallStatus.Deleted, (await check.Calls.FirstAsync(c => c.Id == deleted)).Status);
            Assert.Equal(CallStatus.Finalized, (await check.Calls.FirstAsync(c => c.Id == kept)).Status);
        }

        Assert.False(File.Exists(await RecordingPathAsync(deleted)));
        var result = await HostProcess.RunVerbAsync(Settings, "verify", "--all");
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.StartsWith("integrity intact: 2 calls, 3 chain entries", result.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>The database the verbs use: the folder's SQLite file, or its PostgreSQL database in that run.</summary>
    private DatabaseFactory Database => RecAce.Tests.TestDatabase.FactoryFor(DataDirectory);

    private async Task<(Guid Flipped, Guid Edited, Guid Unchained, Guid Untouched)> SealFourCallsAsync()
    {
        await using var factory = RecAceFactory.With(Settings);
        _ = factory.Server;
        return (await SealedCalls.RecordAsync(factory, "0311111111", "201"), await SealedCalls.RecordAsync(factory, "0322222222", "202"),
            await SealedCalls.RecordAsync(factory, "0333333333", "203"), await SealedCalls.RecordAsync(factory, "0344444444", "204"));
    }

    private async Task<string> RecordingPathAsync(Guid id)
    {
        using var db = Database.Open();
        return Path.Combine(DataDirectory, (await db.Recordings.FirstAsync(r => r.CallId == id)).Path);
    }

    private async Task<long> SequenceOfAsync(Guid id)
    {
        using var db = Database.Open();
        return (await db.ChainEntries.FirstAsync(e => e.CallId == id)).Sequence;
    }

    private void Execute(string sql)
    {
        var database = Database;
        using (var db = database.Open()) db.Execute(sql);
        // The verb runs as another process: no pooled connection of this one holds the SQLite file.
        database.ClearPools();
    }
}
