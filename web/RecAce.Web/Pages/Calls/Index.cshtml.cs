using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RecAce.Core.Audit;
using RecAce.Web.Api;
using RecAce.Web.Auth;

namespace RecAce.Web.Pages.Calls;

/// <summary>The call list; the rows are an htmx partial so filtering and paging do not reload the page.</summary>
public sealed class IndexModel : PageModel
{
    private const int PageSize = 50;
    private readonly CallQueries _queries;
    private readonly AuditLog _audit;
    private readonly RecAce.Core.Harassment.CallSignalReader _signals;

    public IndexModel(CallQueries queries, AuditLog audit, RecAce.Core.Harassment.CallSignalReader signals)
    {
        _signals = signals;
        _queries = queries;
        _audit = audit;
    }

    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Number { get; set; }
    [BindProperty(SupportsGet = true)] public string? Extension { get; set; }
    [BindProperty(SupportsGet = true, Name = "q")] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public CallPage? Result { get; private set; }

    /// <summary>Harassment scores of the listed calls; empty for Staff, who do not see scores.</summary>
    public IReadOnlyDictionary<Guid, RecAce.Core.Harassment.CallSignals> Scores { get; private set; } = new Dictionary<Guid, RecAce.Core.Harassment.CallSignals>();

    public bool ShowsScores => !User.IsInRole(RecAce.Web.Auth.Roles.Staff);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Result = await QueryAsync(ct);
        await LoadScoresAsync(ct);
    }

    private async Task LoadScoresAsync(CancellationToken ct)
    {
        if (ShowsScores && Result is not null) Scores = await _signals.GetManyAsync(Result.Items.Select(c => c.Id).ToList(), ct);
    }

    public async Task<IActionResult> OnGetRowsAsync(CancellationToken ct)
    {
        Result = await QueryAsync(ct);
        await LoadScoresAsync(ct);
        return Partial("_CallRows", this);
    }

    public string PageUrl(int page, bool rows) =>
        QueryString.Create(new Dictionary<string, string?>
        {
            ["handler"] = rows ? "Rows" : null,
            ["From"] = From,
            ["To"] = To,
            ["Number"] = Number,
            ["Extension"] = Extension,
            ["q"] = Q,
            ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }.Where(kv => !string.IsNullOrEmpty(kv.Value))).ToUriComponent() is var qs ? "/Calls" + qs : "/Calls";

    private async Task<CallPage> QueryAsync(CancellationToken ct)
    {
        await _audit.WriteAsync(User.Identity?.Name ?? "unknown", "call.search", null, Request.QueryString.Value, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        // Bad dates are ignored rather than failing the page; the API reports them as 400.
        CallsApi.TryParseTime(From, _queries.Zone, out var from);
        CallsApi.TryParseTime(To, _queries.Zone, out var to);
        return await _queries.ListAsync(new CallQuery
        {
            From = from,
            To = to?.AddDays(string.IsNullOrEmpty(To) || To.Length > 10 ? 0 : 1),
            Number = Number,
            Extension = Extension,
            Text = Q is { Length: > 200 } ? Q[..200] : Q,
            Page = Math.Max(1, PageNumber),
            PageSize = PageSize,
            StaffExtensions = CallScope.For(User).Extensions,
        }, ct);
    }
}
