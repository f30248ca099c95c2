using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Logging;
using RecAce.Core.Audit;
using RecAce.Core.Evidence;
using RecAce.Data;
using RecAce.Data.Entities;

namespace RecAce.Core.Retention;

/// <summary>
/// Deletes recordings older than the retention period, except calls on legal hold. The call row
/// stays (status Deleted) and every deletion is in the audit log.
/// </summary>
public sealed class RetentionSweeper
{
    private readonly RecAceOptions _options;
    private readonly DatabaseFactory _db;
    private readonly AuditLog _audit;
    private readonly TimeProvider _time;
    private readonly ILogger<RetentionSweeper> _logger;
    private readonly IntegrityChain? _chain;

    /// <param name="chain">Where each deletion is entered; null where there is no chain (tests of the sweep alone).</param>
    public RetentionSweeper(RecAceOptions options, DatabaseFactory db, AuditLog audit, TimeProvider time, ILogger<RetentionSweeper> logger, IntegrityChain? chain = null)
    {
        _chain = chain;
        _options = options;
        _db = db;
        _audit = audit;
        _time = time;
        _logger = logger;
    }

    /// <returns>The number of recordings deleted.</returns>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var cutoff = _time.GetUtcNow().AddDays(-Math.Max(1, _options.Retention.Days)).ToUnixTimeMilliseconds();
        List<(Guid Id, string? Path)> expired;
        using (var db = _db.Open())
        {
            expired = (await (from c in db.Calls
                              join r in db.Recordings on c.Id equals r.CallId into rs
                              from r in rs.DefaultIfEmpty()
                              where c.StartedAtMs < cutoff && !c.LegalHold && c.Status == CallStatus.Finalized
                              select new { c.Id, Path = r == null ? null : r.Path })
                    .Take(1000).ToListAsync(ct))
                .Select(x => (x.Id, (string?)x.Path)).ToList();
        }

        var deleted = 0;
        foreach (var (id, relative) in expired)
        {
            if (!await MarkDeletedAsync(id, relative, ct)) continue;

            if (relative is not null)
            {
                var path = Path.Combine(Path.GetFullPath(_options.DataDirectory), relative);
                if (File.Exists(path))
                {
                    File.SetAttributes(path, FileAttributes.Normal);
                    File.Delete(path);
                }
            }

            // The waveform picture is derived from the recording and goes with it.
            var waveform = Media.WaveformImages.CachePath(_options, id);
            if (File.Exists(waveform)) File.Delete(waveform);
            await _audit.WriteAsync("system:retention", "recording.delete", id.ToString(), $"retention {_options.Retention.Days} days; file {relative}", null, ct);
            deleted++;
        }

        if (deleted > 0) _logger.LogInformation("Retention deleted {Count} recordings older than {Days} days", deleted, _options.Retention.Days);
        return deleted;
    }

    /// <returns>False when the call is (now) on legal hold and is kept.</returns>
    private async Task<bool> MarkDeletedAsync(Guid id, string? relative, CancellationToken ct)
    {
        // The hold is checked in the same statement that marks the deletion: a hold placed
        // while sweeping wins, and no file is removed for a call that is still kept.
        static async Task<bool> MarkAsync(RecAceDb db, Guid id, CancellationToken c) =>
            await db.Calls.Where(x => x.Id == id && !x.LegalHold).Set(x => x.Status, CallStatus.Deleted).UpdateAsync(c) > 0;

        // A call that never had a recording has nothing sealed to account for.
        if (_chain is null || relative is null)
        {
            using var db = _db.Open();
            return await MarkAsync(db, id, ct);
        }

        // Marked and entered in the integrity chain in one transaction, before the file goes.
        var detail = $"retention {_options.Retention.Days} days; file {relative}";
        return await _chain.AppendAsync(async (db, c) => await MarkAsync(db, id, c)
            ? await IntegrityChain.DraftAsync(db, id, RecAce.Data.Integrity.ChainEntryKind.RetentionDelete, detail, c)
            : null, ct) is not null;
    }
}
