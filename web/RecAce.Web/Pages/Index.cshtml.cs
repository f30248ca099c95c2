using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RecAce.Core;
using RecAce.Core.Harassment;
using RecAce.Data;
using RecAce.Core.Transcription.Models;
using RecAce.Data.Entities;
using RecAce.Web.Api;
using RecAce.Web.Auth;
using RecAce.Web.Hosting;

namespace RecAce.Web.Pages;

/// <summary>The dashboard: today's calls, live calls (htmx polling), the review queue and health. Staff see only their own calls.</summary>
public sealed class IndexModel : PageModel
{
    private readonly DatabaseFactory _db;
    private readonly CallQueries _queries;
    private readonly PluginStatusView _plugins;
    private readonly SpeechModelStore _models;
    private readonly RecAceOptions _options;
    private readonly CallerWatch _watch;
    private readonly Core.Storage.StorageMonitor _storage;

    public IndexModel(DatabaseFactory db, CallQueries queries, PluginStatusView plugins, SpeechModelStore models, RecAceOptions options, CallerWatch watch, Core.Storage.StorageMonitor storage)
    {
        _watch = watch;
        _storage = storage;
        _models = models;
        _db = db;
        _queries = queries;
        _plugins = plugins;
        _options = options;
    }

    /// <summary>The active speech model's file name, or null when none is installed.</summary>
    public string? SpeechModel { get; private set; }

    public int TranscriptionsPending { get; private set; }
    public int Today { get; private set; }
    public int Pending { get; private set; }
    public int Failed { get; private set; }
    public long? FreeDiskMb { get; private set; }
    public IReadOnlyList<CallRow> Live { get; private set; } = [];
    public IReadOnlyList<CallRow> ReviewQueue { get; private set; } = [];
    public IReadOnlyList<PluginStatusLine> Plugins { get; private set; } = [];
    public bool SeesAll { get; private set; }

    /// <summary>Calls from watched numbers in the last day, not dismissed; Staff see those to their own extensions.</summary>
    public IReadOnlyList<CallerAlertRow> Alerts { get; private set; } = [];

    public bool CanDismiss => User.IsInRole(Roles.Admin) || User.IsInRole(Roles.Supervisor);
    /// <summary>The storage warnings (quota, low free space) of the last check; empty when all is well.</summary>
    public IReadOnlyList<string> StorageWarnings => _storage.Last?.Warnings ?? [];

    public DateTimeOffset Local(long ms) => _queries.ToLocal(ms);

    public async Task OnGetAsync(CancellationToken ct)
    {
        SpeechModel = _models.Active().Model?.FileName;
        var scope = CallScope.For(User);
        SeesAll = scope.Extensions is null;
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, _queries.Zone);
        var midnight = new DateTimeOffset(now.Date, now.Offset).ToUnixTimeMilliseconds();
        using var db = _db.Open();
        Today = await Scoped(db.Calls, scope).CountAsync(c => c.StartedAtMs >= midnight && c.Status != CallStatus.Deleted, ct);
        Live = await LiveAsync(db, scope, ct);
        Alerts = await AlertsAsync(scope, ct);
        if (!SeesAll) return;
        Pending = await db.Calls.CountAsync(c => c.Status == CallStatus.Closed, ct);
        TranscriptionsPending = await db.Transcriptions.CountAsync(t => t.Status != TranscriptionStatus.Done, ct);
        Failed = await db.Calls.CountAsync(c => c.Status == CallStatus.FinalizeFailed, ct);
        ReviewQueue = await db.Calls.Where(c => c.ReviewFlag && c.Status != CallStatus.Deleted).OrderByDescending(c => c.StartedAtMs).Take(20).ToListAsync(ct);
        Plugins = _plugins.Lines();
        try
        {
            FreeDiskMb = new DriveInfo(Path.GetFullPath(_options.DataDirectory)).AvailableFreeSpace / (1024 * 1024);
        }
        catch (IOException)
        {
            FreeDiskMb = null;
        }
    }

    /// <summary>The live calls block alone, polled by htmx every few seconds.</summary>
    public async Task<IActionResult> OnGetLiveAsync(CancellationToken ct)
    {
        using var db = _db.Open();
        Live = await LiveAsync(db, CallScope.For(User), ct);
        Alerts = await AlertsAsync(CallScope.For(User), ct);
        return Partial("_LiveCalls", this);
    }

    /// <summary>Dismisses a watch-list alert (Supervisor, Admin); antiforgery is checked on every POST.</summary>
    public async Task<IActionResult> OnPostDismissAsync(long alertId, CancellationToken ct)
    {
        if (!CanDismiss) return Forbid();
        await _watch.DismissAsync(alertId, User.Identity?.Name ?? "unknown", HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        return RedirectToPage();
    }

    private async Task<IReadOnlyList<CallerAlertRow>> AlertsAsync(CallScope scope, CancellationToken ct)
    {
        var alerts = await _watch.RecentAsync(TimeSpan.FromDays(1), ct);
        return scope.Extensions is { } own ? alerts.Where(a => a.StaffExtension is not null && own.Contains(a.StaffExtension)).ToList() : alerts;
    }

    private static Task<List<CallRow>> LiveAsync(RecAceDb db, CallScope scope, CancellationToken ct) =>
        Scoped(db.Calls, scope).Where(c => c.Status == CallStatus.Recording).OrderByDescending(c => c.StartedAtMs).Take(50).ToListAsync(ct);

    private static IQueryable<CallRow> Scoped(IQueryable<CallRow> calls, CallScope scope) =>
        scope.Extensions is { } own ? calls.Where(c => c.StaffExtension != null && own.Contains(c.StaffExtension)) : calls;
}
