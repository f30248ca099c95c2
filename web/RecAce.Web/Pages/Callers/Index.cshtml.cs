using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RecAce.Core.Audit;
using RecAce.Core.Harassment;
using RecAce.Data;
using RecAce.Data.Entities;
using RecAce.Web.Api;

namespace RecAce.Web.Pages.Callers;

/// <summary>One outside number's history: its calls with their scores, its incidents and whether it is watched. Viewing is audited.</summary>
public sealed class IndexModel : PageModel
{
    private readonly DatabaseFactory _db;
    private readonly CallQueries _queries;
    private readonly CallSignalReader _signals;
    private readonly WatchListStore _watchList;
    private readonly AuditLog _audit;

    public IndexModel(DatabaseFactory db, CallQueries queries, CallSignalReader signals, WatchListStore watchList, AuditLog audit)
    {
        _db = db;
        _queries = queries;
        _signals = signals;
        _watchList = watchList;
        _audit = audit;
    }

    [BindProperty(SupportsGet = true)] public string? Number { get; set; }

    public IReadOnlyList<CallRow> Calls { get; private set; } = [];
    public IReadOnlyDictionary<Guid, CallSignals> Scores { get; private set; } = new Dictionary<Guid, CallSignals>();
    public IReadOnlyList<IncidentRow> Incidents { get; private set; } = [];
    public WatchListRow? Watched { get; private set; }

    public DateTimeOffset Local(long ms) => _queries.ToLocal(ms);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var number = Number?.Trim();
        if (string.IsNullOrEmpty(number) || number.Length > 64) return;
        var normalized = WatchListStore.Normalize(number) ?? number;
        using (var db = _db.Open())
        {
            Calls = await db.Calls.Where(c => (c.OutsideNumber == number || c.OutsideNumber == normalized) && c.Status != CallStatus.Deleted)
                .OrderByDescending(c => c.StartedAtMs).Take(500).ToListAsync(ct);
            Incidents = await db.Incidents.Where(i => i.OutsideNumber == number || i.OutsideNumber == normalized).OrderByDescending(i => i.OccurredAtMs).ToListAsync(ct);
        }

        Scores = await _signals.GetManyAsync(Calls.Select(c => c.Id).ToList(), ct);
        Watched = await _watchList.FindAsync(number, ct);
        await _audit.WriteAsync(User.Identity?.Name ?? "unknown", "caller.view", number, null, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
    }
}
