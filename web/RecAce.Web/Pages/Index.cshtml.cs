using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RecAce.Core.Calls;
using RecAce.Data;
using RecAce.Data.Entities;
using RecAce.Web.Api;
using RecAce.Web.Hosting;

namespace RecAce.Web.Pages;

public sealed class IndexModel : PageModel
{
    private readonly DatabaseFactory _db;
    private readonly CallIntake _intake;
    private readonly CallQueries _queries;
    private readonly PluginStatusView _plugins;

    public IndexModel(DatabaseFactory db, CallIntake intake, CallQueries queries, PluginStatusView plugins)
    {
        _db = db;
        _intake = intake;
        _queries = queries;
        _plugins = plugins;
    }

    public int OpenCalls { get; private set; }
    public int Today { get; private set; }
    public int Pending { get; private set; }
    public int Failed { get; private set; }
    public IReadOnlyList<PluginStatusLine> Plugins { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        OpenCalls = _intake.OpenCallCount;
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, _queries.Zone);
        var midnight = new DateTimeOffset(now.Date, now.Offset).ToUnixTimeMilliseconds();
        using var db = _db.Open();
        Today = await db.Calls.CountAsync(c => c.StartedAtMs >= midnight, ct);
        Pending = await db.Calls.CountAsync(c => c.Status == CallStatus.Closed, ct);
        Failed = await db.Calls.CountAsync(c => c.Status == CallStatus.FinalizeFailed, ct);
        Plugins = _plugins.Lines();
    }
}
