using System.Security.Cryptography;
using System.Text.Json;
using LinqToDB;
using LinqToDB.Async;
using RecAce.Core.Tests.Pipeline;
using RecAce.Data.Entities;
using RecAce.Plugins;

namespace RecAce.Core.Tests.Calls;

[Trait("Category", "Integration")]
public sealed class CallLifecycleTests
{
    private static CallInfo TwoLegCall(string? digest = null) => new()
    {
        Direction = CallDirection.Inbound,
        OutsideNumber = "0312345678",
        StaffExtension = "201",
        StartedAt = RtpStream.Start,
        SourceDigest = digest,
        Legs = [new LegInfo("a", LegRole.Outside), new LegInfo("b", LegRole.Staff)],
    };

    private static async Task<Guid> RecordAsync(RecordingBench bench, int frames, bool close = true)
    {
        var call = await bench.Intake.OpenAsync("test", TwoLegCall(), CancellationToken.None);
        for (var i = 0; i < frames; i++)
        {
            call.Write("a", RtpStream.Pcmu(i));
            call.Write("b", RtpStream.Pcmu(i, ssrc: 77));
        }

        if (close) await call.CloseAsync(CallEndReason.Normal);
        return call.CallId;
    }

    [Fact]
    public async Task FinalizeAsync_ClosedTwoLegCall_SealsStereoOpusWithHashUnderJstDateAndRemovesSpool()
    {
        using var bench = new RecordingBench();
        var id = await RecordAsync(bench, 250);
        Assert.Contains((id, TimeSpan.Zero), bench.Queue.Queued);

        Assert.True(await bench.Finalizer.FinalizeAsync(id, CancellationToken.None));

        var row = await bench.CallAsync(id);
        Assert.Equal(CallStatus.Finalized, row.Status);
        Assert.Equal(5000, row.DurationMs);
        using var db = bench.Db.Open();
        var recording = await db.Recordings.FirstAsync(r => r.CallId == id);
        // 01:00 UTC is 10:00 JST on the same day; the folder is the local date.
        Assert.Equal($"recordings/2026/04/01/{id:N}.opus", recording.Path);
        var file = Path.Combine(bench.DataDirectory, recording.Path);
        Assert.Equal(recording.Sha256, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file))));
        Assert.False(Directory.Exists(Path.Combine(bench.Intake.SpoolRoot, id.ToString("N"))));
        var legs = await db.Legs.Where(l => l.CallId == id).ToListAsync();
        Assert.All(legs, l => Assert.Equal(250 * 160, l.Samples));

        var probe = await ProbeAsync(file);
        Assert.Equal("opus", probe.GetProperty("codec_name").GetString());
        Assert.Equal(2, probe.GetProperty("channels").GetInt32());
    }

    [Fact]
    public async Task FinalizeAsync_SecondTime_DoesNothing()
    {
        using var bench = new RecordingBench();
        var id = await RecordAsync(bench, 50);
        Assert.True(await bench.Finalizer.FinalizeAsync(id, CancellationToken.None));
        Assert.True(await bench.Finalizer.FinalizeAsync(id, CancellationToken.None));
        using var db = bench.Db.Open();
        Assert.Equal(1, await db.Recordings.CountAsync(r => r.CallId == id));
    }

    [Fact]
    public async Task FinalizeAsync_FfmpegFails_KeepsSpoolShowsErrorAndRetriesWithGrowingDelay()
    {
        using var bench = new RecordingBench(ffmpegPath: "false");
        var id = await RecordAsync(bench, 50);

        Assert.False(await bench.Finalizer.FinalizeAsync(id, CancellationToken.None));
        Assert.False(await bench.Finalizer.FinalizeAsync(id, CancellationToken.None));

        var row = await bench.CallAsync(id);
        Assert.Equal(CallStatus.FinalizeFailed, row.Status);
        Assert.Equal(2, row.FinalizeAttempts);
        Assert.False(string.IsNullOrWhiteSpace(row.Error));
        Assert.True(Directory.Exists(Path.Combine(bench.Intake.SpoolRoot, id.ToString("N"))), "the spool is kept");
        Assert.Contains((id, TimeSpan.FromSeconds(30)), bench.Queue.Queued);
        Assert.Contains((id, TimeSpan.FromSeconds(60)), bench.Queue.Queued);
    }

    [Fact]
    public async Task RecoverAsync_CallStillRecordingAfterCrash_ClosedAsRecoveredWithFlushedAudioAndQueued()
    {
        using var bench = new RecordingBench();
        var id = await RecordAsync(bench, 100, close: false);
        bench.Intake.FlushAll(toDisk: false);

        // A new intake over the same folders, as after the process was killed.
        bench.Restart();
        Assert.Equal(1, await bench.Recovery().RecoverAsync(CancellationToken.None));

        var row = await bench.CallAsync(id);
        Assert.Equal(CallStatus.Closed, row.Status);
        Assert.True(row.Recovered);
        Assert.Contains(bench.Queue.Queued, q => q.CallId == id);
        using var db = bench.Db.Open();
        var legs = await db.Legs.Where(l => l.CallId == id).ToListAsync();
        Assert.Equal(2, legs.Count);
        // The jitter window may hold the last packets back; everything before it reached the disk.
        Assert.All(legs, l => Assert.InRange(l.Samples, 95 * 160, 100 * 160));

        Assert.True(await bench.Finalizer.FinalizeAsync(id, CancellationToken.None));
        Assert.Equal(CallStatus.Finalized, (await bench.CallAsync(id)).Status);
    }

    [Fact]
    public async Task OpenAsync_SameSourceDigestTwice_SecondThrowsDuplicateSource()
    {
        using var bench = new RecordingBench();
        var first = await bench.Intake.OpenAsync("test", TwoLegCall(new string('a', 64)), CancellationToken.None);
        await first.CloseAsync(CallEndReason.Normal);

        var e = await Assert.ThrowsAsync<DuplicateSourceException>(() => bench.Intake.OpenAsync("test", TwoLegCall(new string('a', 64)), CancellationToken.None).AsTask());
        Assert.Equal(first.CallId, e.ExistingCallId);
    }

    [Fact]
    public async Task AddDtmf_KeysPressed_StoredWithCallAtClose()
    {
        using var bench = new RecordingBench();
        var call = await bench.Intake.OpenAsync("test", TwoLegCall(), CancellationToken.None);
        call.AddDtmf("a", new DtmfEvent('5', RtpStream.Start.AddSeconds(2), TimeSpan.FromMilliseconds(160)));
        call.AddDtmf("a", new DtmfEvent('#', RtpStream.Start.AddSeconds(3), TimeSpan.Zero));
        Assert.Throws<ArgumentException>(() => call.AddDtmf("a", new DtmfEvent('x', RtpStream.Start, TimeSpan.Zero)));
        await call.CloseAsync(CallEndReason.Normal);

        using var db = bench.Db.Open();
        var keys = await db.DtmfEvents.Where(d => d.CallId == call.CallId).OrderBy(d => d.AtMs).ToListAsync();
        Assert.Equal(["5", "#"], keys.Select(k => k.Digit));
        Assert.Equal(160, keys[0].DurationMs);
    }

    [Fact]
    public async Task Write_UnknownLeg_ThrowsArgumentException()
    {
        using var bench = new RecordingBench();
        await using var call = await bench.Intake.OpenAsync("test", TwoLegCall(), CancellationToken.None);
        Assert.Throws<ArgumentException>(() => call.Write("nope", RtpStream.Pcmu(0)));
    }

    [Fact]
    public async Task SweepAsync_ExpiredCalls_DeletesFileAndAuditsButKeepsLegalHold()
    {
        using var bench = new RecordingBench();
        var expired = await RecordAsync(bench, 50);
        var held = await RecordAsync(bench, 50);
        Assert.True(await bench.Finalizer.FinalizeAsync(expired, CancellationToken.None));
        Assert.True(await bench.Finalizer.FinalizeAsync(held, CancellationToken.None));
        using (var db = bench.Db.Open())
        {
            var old = DateTimeOffset.UtcNow.AddYears(-6).ToUnixTimeMilliseconds();
            await db.Calls.Set(c => c.StartedAtMs, old).UpdateAsync();
            await db.Calls.Where(c => c.Id == held).Set(c => c.LegalHold, true).Set(c => c.LegalHoldReason, "police request").UpdateAsync();
        }

        Assert.Equal(1, await bench.Retention().SweepAsync(CancellationToken.None));

        using var check = bench.Db.Open();
        Assert.Equal(CallStatus.Deleted, (await bench.CallAsync(expired)).Status);
        Assert.Equal(CallStatus.Finalized, (await bench.CallAsync(held)).Status);
        var expiredPath = (await check.Recordings.FirstAsync(r => r.CallId == expired)).Path;
        Assert.False(File.Exists(Path.Combine(bench.DataDirectory, expiredPath)));
        var heldPath = (await check.Recordings.FirstAsync(r => r.CallId == held)).Path;
        Assert.True(File.Exists(Path.Combine(bench.DataDirectory, heldPath)));
        Assert.Equal(1, await check.AuditEvents.CountAsync(a => a.Action == "recording.delete" && a.Target == expired.ToString()));
    }

    private static async Task<JsonElement> ProbeAsync(string file)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-v", "error", "-print_format", "json", "-show_streams", file }) psi.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(psi)!;
        var json = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        return JsonDocument.Parse(json).RootElement.GetProperty("streams")[0];
    }
}
