using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Logging;
using RecAce.Core.Audit;
using RecAce.Core.Evidence;
using RecAce.Data;
using RecAce.Data.Entities;

namespace RecAce.Core.Retention;

/// <summary>
/// Deletes recordings past their retention period (<see cref="RetentionPolicies"/>), except calls on legal hold. The call row
/// stays (status Deleted) and every deletion is in the audit log and the integrity chain.
/// </summary>
public sealed class RetentionSweeper
{
    private readonly Storage.Recordings.IRecordingStore _recordings;
    private readonly RecAceOptions _options;
    private readonly DatabaseFactory _db;
    private readonly AuditLog _audit;
    private readonly TimeProvider _time;
    private readonly ILogger<RetentionSweeper> _logger;
    private readonly RetentionPolicies _policies;
    private readonly IntegrityChain _chain;

    /// <param name="policies">The departments' retention periods (and the configured default).</param>
    /// <param name="chain">Where each deletion of a sealed recording is entered: required, so no sweep can delete evidence without accounting for it.</param>
    public RetentionSweeper(RecAceOptions options, DatabaseFactory db, AuditLog audit, Storage.Recordings.IRecordingStore recordings, RetentionPolicies policies, IntegrityChain chain, TimeProvider time, ILogger<RetentionSweeper> logger)
    {
        _recordings = recordings;
        _chain = chain;
        _policies = policies;
        _options = options;
        _db = db;
        _audit = audit;
        _time = time;
        _logger = logger;
    }

    /// <returns>The number of recordings deleted.</returns>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var rules = await _policies.LoadAsync(ct);
        var expired = await ExpiredAsync(rules, ct);

        var deleted = 0;
        foreach (var (id, relative, decision) in expired)
        {
            // One description of the deletion, for the chain entry and the audit entry alike.
            var detail = $"retention {decision.Days} days ({decision.Policy}); file {relative}";
            if (!await MarkDeletedAsync(id, relative, detail, ct)) continue;

            if (relative is not null && !await _recordings.DeleteAsync(relative, ct))
            {
                _logger.LogWarning("Retention: the recording {Key} of call {CallId} was already gone from {Store}", relative, id, _recordings.Location);
            }

            // The waveform picture is derived from the recording and goes with it.
            var waveform = Media.WaveformImages.CachePath(_options, id);
            if (File.Exists(waveform)) File.Delete(waveform);
            await _audit.WriteAsync("system:retention", "recording.delete", id.ToString(), detail, null, ct);
            deleted++;
        }

        if (deleted > 0) _logger.LogInformation("Retention deleted {Count} recordings past their policy's period", deleted);
        return deleted;
    }

    /// <returns>False when the call is (now) on legal hold and is kept.</returns>
    private async Task<bool> MarkDeletedAsync(Guid id, string? relative, string detail, CancellationToken ct)
    {
        // The hold is checked in the same statement that marks the deletion: a hold placed
        // while sweeping wins, and no file is removed for a call that is still kept.
        static async Task<bool> MarkAsync(RecAceDb db, Guid id, CancellationToken c) =>
            await db.Calls.Where(x => x.Id == id && !x.LegalHold).Set(x => x.Status, CallStatus.Deleted).UpdateAsync(c) > 0;

        // A call that never had a recording has nothing sealed to account for.
        if (relative is null)
        {
            using var db = _db.Open();
            return await MarkAsync(db, id, ct);
        }

        // Marked and entered in the integrity chain in one transaction, before the file goes.
        return await _chain.AppendAsync(async (db, c) => await MarkAsync(db, id, c)
            ? await IntegrityChain.DraftAsync(db, id, RecAce.Data.Integrity.ChainEntryKind.RetentionDelete, detail, c)
            : null, ct) is not null;
    }

    /// <summary>
    /// Finalized calls past their own policy's period and not on legal hold, oldest first. Only calls
    /// older than the shortest period anywhere are read, in batches, so a long-kept department does
    /// not stop the rest from being reached.
    /// </summary>
    private async Task<List<(Guid Id, string? Path, RetentionDecision Decision)>> ExpiredAsync(RetentionRules rules, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var cutoff = now.AddDays(-rules.ShortestDays).ToUnixTimeMilliseconds();
        var due = new List<(Guid, string?, RetentionDecision)>();
        var after = long.MinValue;
        var seenAtAfter = new List<Guid>();
        using var db = _db.Open();
        while (due.Count < 1000)
        {
            var batch = await (from c in db.Calls
                               join r in db.Recordings on c.Id equals r.CallId into rs
                               from r in rs.DefaultIfEmpty()
                               where c.StartedAtMs < cutoff && c.StartedAtMs >= after && !seenAtAfter.Contains(c.Id) && !c.LegalHold && c.Status == CallStatus.Finalized
                               orderby c.StartedAtMs
                               select new { Call = c, Path = r == null ? null : r.Path })
                .Take(1000).ToListAsync(ct);
            if (batch.Count == 0) break;
            foreach (var x in batch)
            {
                var decision = rules.Decide(x.Call);
                if (decision.DeleteAfter <= now) due.Add((x.Call.Id, x.Path, decision));
            }

            // Keyset paging on the start time; calls sharing the last start time are excluded by id.
            var last = batch[^1].Call.StartedAtMs;
            seenAtAfter = last == after ? [.. seenAtAfter, .. batch.Select(b => b.Call.Id)] : batch.Where(b => b.Call.StartedAtMs == last).Select(b => b.Call.Id).ToList();
            after = last;
        }

        return due;
    }
}
