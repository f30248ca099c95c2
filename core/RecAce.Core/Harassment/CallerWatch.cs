using System.Threading.Channels;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Logging;
using RecAce.Core.Audit;
using RecAce.Core.Calls;
using RecAce.Data;
using RecAce.Data.Entities;

namespace RecAce.Core.Harassment;

/// <summary>
/// Raises an alert when a call from a watched number starts. The call path only writes to a
/// bounded queue; the look-up, the alert row, the audit entry and the hand-off to e-mail happen
/// in <see cref="RunAsync"/>, run by a hosted service.
/// </summary>
public sealed class CallerWatch : ICallStartObserver
{
    private readonly Channel<CallStarted> _started = Channel.CreateBounded<CallStarted>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly WatchListStore _watchList;
    private readonly DatabaseFactory _db;
    private readonly AuditLog _audit;
    private readonly IEnumerable<ICallerAlertSink> _sinks;
    private readonly TimeProvider _time;
    private readonly ILogger<CallerWatch> _logger;

    public CallerWatch(WatchListStore watchList, DatabaseFactory db, AuditLog audit, IEnumerable<ICallerAlertSink> sinks, TimeProvider time, ILogger<CallerWatch> logger)
    {
        _watchList = watchList;
        _db = db;
        _audit = audit;
        _sinks = sinks;
        _time = time;
        _logger = logger;
    }

    public void OnCallStarted(CallStarted call)
    {
        if (WatchListStore.Normalize(call.OutsideNumber) is null) return;
        _started.Writer.TryWrite(call);
    }

    /// <summary>Checks queued calls against the watch list until <paramref name="ct"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        await foreach (var call in _started.Reader.ReadAllAsync(ct))
        {
            try
            {
                await CheckAsync(call, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogError(e, "Checking call {CallId} against the watch list failed", call.CallId);
            }
        }
    }

    /// <returns>The alert raised, or null when the number is not watched.</returns>
    public async Task<CallerAlertRow?> CheckAsync(CallStarted call, CancellationToken ct)
    {
        var watched = await _watchList.FindAsync(call.OutsideNumber, ct);
        if (watched is null) return null;
        var alert = new CallerAlertRow
        {
            CallId = call.CallId,
            Number = watched.Number,
            Reason = watched.Reason,
            StaffExtension = TextLimit.Clip(call.StaffExtension, 64),
            AtMs = _time.GetUtcNow().ToUnixTimeMilliseconds(),
            MailStatus = (int)AlertMailStatus.Queued,
        };
        using (var db = _db.Open())
        {
            alert.Id = await db.InsertWithInt64IdentityAsync(alert, token: ct);
        }

        await _audit.WriteAsync("system:watch-list", "watchlist.alert", call.CallId.ToString(), $"{watched.Number}: {watched.Reason}", null, ct);
        _logger.LogWarning("Call {CallId} from watched number {Number} started (extension {Extension})", call.CallId, watched.Number, call.StaffExtension);
        foreach (var sink in _sinks) sink.Raise(alert, call);
        return alert;
    }

    /// <summary>Recent alerts not yet dismissed, newest first, for the dashboard.</summary>
    public async Task<IReadOnlyList<CallerAlertRow>> RecentAsync(TimeSpan within, CancellationToken ct)
    {
        var since = (_time.GetUtcNow() - within).ToUnixTimeMilliseconds();
        using var db = _db.Open();
        return await db.CallerAlerts.Where(a => a.AtMs >= since && a.DismissedBy == null).OrderByDescending(a => a.AtMs).Take(20).ToListAsync(ct);
    }

    public async Task<bool> DismissAsync(long id, string actor, string? remote, CancellationToken ct)
    {
        using (var db = _db.Open())
        {
            if (await db.CallerAlerts.Where(a => a.Id == id && a.DismissedBy == null).Set(a => a.DismissedBy, actor).UpdateAsync(ct) == 0) return false;
        }

        await _audit.WriteAsync(actor, "watchlist.alert-dismiss", id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, remote, ct);
        return true;
    }

    public async Task SetMailStatusAsync(long alertId, AlertMailStatus status, CancellationToken ct)
    {
        using var db = _db.Open();
        await db.CallerAlerts.Where(a => a.Id == alertId).Set(a => a.MailStatus, (int)status).UpdateAsync(ct);
    }
}

/// <summary>Where a raised alert goes besides the dashboard (the host's e-mail queue). Must return at once.</summary>
public interface ICallerAlertSink
{
    void Raise(CallerAlertRow alert, CallStarted call);
}

/// <summary>What became of an alert's e-mail (stored).</summary>
public enum AlertMailStatus
{
    Queued = 0,
    Sent = 1,
    Failed = 2,
    NotConfigured = 3,
}
