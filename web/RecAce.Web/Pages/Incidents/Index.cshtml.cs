using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RecAce.Core.Harassment;
using RecAce.Data.Entities;
using RecAce.Web.Api;

namespace RecAce.Web.Pages.Incidents;

/// <summary>The incident list with filters (Admin, Supervisor, Auditor).</summary>
public sealed class IndexModel : PageModel
{
    private const int PageSize = 50;
    private readonly IncidentStore _store;
    private readonly CallQueries _queries;

    public IndexModel(IncidentStore store, CallQueries queries)
    {
        _store = store;
        _queries = queries;
    }

    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Category { get; set; }
    [BindProperty(SupportsGet = true)] public string? Number { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<IncidentRow> Rows { get; private set; } = [];
    public int Total { get; private set; }

    public DateTimeOffset Local(long ms) => _queries.ToLocal(ms);

    public async Task OnGetAsync(CancellationToken ct)
    {
        CallsApi.TryParseTime(From, _queries.Zone, out var from);
        CallsApi.TryParseTime(To, _queries.Zone, out var to);
        var filter = new IncidentFilter
        {
            Status = Enum.TryParse<IncidentStatus>(Status, true, out var s) && Enum.IsDefined(s) ? s : null,
            Category = IncidentCategories.Parse(Category),
            Number = WatchListStore.Normalize(Number) is null ? null : Number!.Trim(),
            FromMs = from?.ToUnixTimeMilliseconds(),
            ToMs = to?.AddDays(1).ToUnixTimeMilliseconds(),
        };
        (Rows, Total) = await _store.ListAsync(filter, (Math.Max(1, PageNumber) - 1) * PageSize, PageSize, ct);
    }

    public static string Categories(IncidentRow r) => string.Join("・", IncidentCategories.ParseStored(r.Categories).Select(IncidentCategories.Label));

    public string PageUrl(int page) => "/Incidents" + QueryString.Create(new Dictionary<string, string?>
    {
        ["Status"] = Status, ["Category"] = Category, ["Number"] = Number, ["From"] = From, ["To"] = To, ["p"] = page.ToString(CultureInfo.InvariantCulture),
    }.Where(kv => !string.IsNullOrEmpty(kv.Value))).ToUriComponent();

    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}
