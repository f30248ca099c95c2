using System.Text.Json;
using LinqToDB;
using LinqToDB.Async;
using RecAce.Core.Pipeline;
using RecAce.Core.Spool;
using RecAce.Data;
using RecAce.Data.Entities;
using RecAce.Plugins;

namespace RecAce.Core.Calls;

/// <summary>The call rows the pipeline writes: open, metadata, close, finalize outcome.</summary>
public sealed class CallStore
{
    private readonly DatabaseFactory _db;
    private readonly TimeProvider _time;

    public CallStore(DatabaseFactory db, TimeProvider time)
    {
        _db = db;
        _time = time;
    }

    public async Task<Guid?> FindBySourceDigestAsync(string digest, CancellationToken ct)
    {
        using var db = _db.Open();
        var row = await db.Calls.Where(c => c.SourceDigest == digest).Select(c => new { c.Id }).FirstOrDefaultAsync(ct);
        return row?.Id;
    }

    public async Task InsertAsync(Guid id, string adapterId, CallInfo info, DateTimeOffset startedAt, CancellationToken ct)
    {
        using var db = _db.Open();
        await db.InsertAsync(new CallRow
        {
            Id = id,
            AdapterId = adapterId,
            StartedAtMs = startedAt.ToUnixTimeMilliseconds(),
            Direction = (int)info.Direction,
            OutsideNumber = TextLimit.Clip(info.OutsideNumber, 64),
            OutsideName = TextLimit.Clip(info.OutsideName, 256),
            StaffExtension = TextLimit.Clip(info.StaffExtension, 64),
            StaffName = TextLimit.Clip(info.StaffName, 256),
            AdapterCallId = TextLimit.Clip(info.AdapterCallId, 256),
            SourceDigest = info.SourceDigest,
            Status = CallStatus.Recording,
            ExtraJson = info.Extra.Count == 0 ? null : JsonSerializer.Serialize(info.Extra),
            CreatedAtMs = _time.GetUtcNow().ToUnixTimeMilliseconds(),
        }, token: ct);
    }

    public async Task UpdateMetadataAsync(Guid id, CallMetadataUpdate u, CancellationToken ct)
    {
        using var db = _db.Open();
        var row = await db.Calls.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (row is null) return;
        if (u.Direction is { } d) row.Direction = (int)d;
        row.OutsideNumber = TextLimit.Clip(u.OutsideNumber, 64) ?? row.OutsideNumber;
        row.OutsideName = TextLimit.Clip(u.OutsideName, 256) ?? row.OutsideName;
        row.StaffExtension = TextLimit.Clip(u.StaffExtension, 64) ?? row.StaffExtension;
        row.StaffName = TextLimit.Clip(u.StaffName, 256) ?? row.StaffName;
        if (u.Extra is { Count: > 0 })
        {
            var extra = row.ExtraJson is null ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(row.ExtraJson) ?? [];
            foreach (var (k, v) in u.Extra) extra[k] = v;
            row.ExtraJson = JsonSerializer.Serialize(extra);
        }

        await db.UpdateAsync(row, token: ct);
    }

    /// <summary>Marks a call closed and stores its legs' counters, in one transaction.</summary>
    internal async Task MarkClosedAsync(Guid id, DateTimeOffset endedAt, CallEndReason reason, bool recovered, IReadOnlyList<(SpoolLeg Leg, long Samples)> legs, IReadOnlyList<SpoolDtmf> dtmf, CancellationToken ct)
    {
        using var db = _db.Open();
        using var tx = await db.BeginTransactionAsync(ct);
        await db.Calls.Where(c => c.Id == id)
            .Set(c => c.Status, CallStatus.Closed)
            .Set(c => c.EndedAtMs, endedAt.ToUnixTimeMilliseconds())
            .Set(c => c.EndReason, (int)reason)
            .Set(c => c.Recovered, c => c.Recovered || recovered)
            .UpdateAsync(ct);
        await db.Legs.Where(l => l.CallId == id).DeleteAsync(ct);
        foreach (var (leg, samples) in legs)
        {
            await db.InsertAsync(new LegRow
            {
                CallId = id,
                LegId = leg.LegId,
                Role = (int)leg.Role,
                Label = TextLimit.Clip(leg.Label, 256),
                SampleRate = leg.SampleRate,
                Samples = samples,
                Packets = leg.Counters.Packets,
                Lost = leg.Counters.Lost,
                Late = leg.Counters.Late,
                Duplicate = leg.Counters.Duplicate,
                Malformed = leg.Counters.Malformed,
            }, token: ct);
        }

        await db.DtmfEvents.Where(d => d.CallId == id).DeleteAsync(ct);
        foreach (var d in dtmf)
        {
            await db.InsertAsync(new DtmfEventRow { CallId = id, LegId = d.LegId, Digit = d.Digit.ToString(), AtMs = d.At.ToUnixTimeMilliseconds(), DurationMs = d.DurationMs }, token: ct);
        }

        await tx.CommitAsync(ct);
    }

    /// <summary>Records a sealed recording and marks the call finalized, in one transaction.</summary>
    /// <returns>False when the call was already finalized (or deleted): nothing is written then.</returns>
    public async Task<bool> MarkFinalizedAsync(RecordingRow recording, long durationMs, CancellationToken ct)
    {
        using var db = _db.Open();
        using var tx = await db.BeginTransactionAsync(ct);
        var done = await MarkFinalizedAsync(db, recording, durationMs, ct);
        await tx.CommitAsync(ct);
        return done;
    }

    /// <summary>The same, inside the caller's transaction (the integrity chain's).</summary>
    /// <returns>False when the call was already finalized (or deleted): nothing is written then.</returns>
    internal static async Task<bool> MarkFinalizedAsync(RecAceDb db, RecordingRow recording, long durationMs, CancellationToken ct)
    {
        // The status update comes first and is conditional: of two attempts racing on one call (a retry
        // beside a node presumed dead), the second waits on the row and then matches nothing.
        var updated = await db.Calls.Where(c => c.Id == recording.CallId && c.Status != CallStatus.Finalized && c.Status != CallStatus.Deleted)
            .Set(c => c.Status, CallStatus.Finalized)
            .Set(c => c.DurationMs, durationMs)
            .Set(c => c.Error, (string?)null)
            .UpdateAsync(ct);
        if (updated == 0) return false;
        await db.InsertAsync(recording, token: ct);
        return true;
    }

    public async Task MarkFinalizedWithoutRecordingAsync(Guid id, CancellationToken ct)
    {
        using var db = _db.Open();
        await db.Calls.Where(c => c.Id == id)
            .Set(c => c.Status, CallStatus.Finalized)
            .Set(c => c.DurationMs, 0L)
            .Set(c => c.Error, (string?)null)
            .UpdateAsync(ct);
    }

    /// <returns>The number of attempts so far, this one included.</returns>
    public async Task<int> MarkFinalizeFailedAsync(Guid id, string error, CancellationToken ct)
    {
        using var db = _db.Open();
        await db.Calls.Where(c => c.Id == id)
            .Set(c => c.Status, CallStatus.FinalizeFailed)
            .Set(c => c.Error, TextLimit.Clip(error, 4000))
            .Set(c => c.FinalizeAttempts, c => c.FinalizeAttempts + 1)
            .UpdateAsync(ct);
        return await db.Calls.Where(c => c.Id == id).Select(c => c.FinalizeAttempts).FirstOrDefaultAsync(ct);
    }

    public async Task<CallRow?> GetAsync(Guid id, CancellationToken ct)
    {
        using var db = _db.Open();
        return await db.Calls.FirstOrDefaultAsync(c => c.Id == id, ct);
    }

}
