using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Logging;
using RecAce.Core.Audit;
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

    public RetentionSweeper(RecAceOptions options, DatabaseFactory db, AuditLog audit, TimeProvider time, ILogger<RetentionSweeper> logger)
    {
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
            using (var db = _db.Open())
            {
                // The hold is checked in the same statement that marks the deletion: a hold placed
                // while sweeping wins, and no file is removed for a call that is still kept.
                var n = await db.Calls.Where(c => c.Id == id && !c.LegalHold).Set(c => c.Status, CallStatus.Deleted).UpdateAsync(ct);
                if (n == 0) continue;
            }

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
}
