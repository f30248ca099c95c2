using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RecAce.Core.Audit;
using RecAce.Core.Harassment;
using RecAce.Web.Api;

namespace RecAce.Web.Pages.Reports;

/// <summary>Monthly incident counts by category and by department, as tables, an inline SVG chart and CSV. Exports are audited.</summary>
public sealed class IncidentsModel : PageModel
{
    private readonly IncidentReport _report;
    private readonly CallQueries _queries;
    private readonly AuditLog _audit;

    public IncidentsModel(IncidentReport report, CallQueries queries, AuditLog audit)
    {
        _report = report;
        _queries = queries;
        _audit = audit;
    }

    /// <summary>First month, yyyy-MM; default eleven months before the last.</summary>
    [BindProperty(SupportsGet = true)] public string? From { get; set; }

    /// <summary>Last month, yyyy-MM; default this month.</summary>
    [BindProperty(SupportsGet = true)] public string? To { get; set; }

    public IncidentMonthlyCounts? Counts { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Counts = await LoadAsync(ct);

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var counts = await LoadAsync(ct);
        await _audit.WriteAsync(User.Identity?.Name ?? "unknown", "report.export", "incidents", Request.QueryString.Value, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        var csv = new StringBuilder();
        csv.Append("month,kind,name,count\r\n");
        foreach (var m in counts.Months)
        {
            var month = m.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            foreach (var c in IncidentCategories.All) csv.Append(CultureInfo.InvariantCulture, $"{month},category,{Audit.IndexModel.Csv(IncidentCategories.Japanese(c) + " / " + IncidentCategories.English(c))},{counts.Category(m, c)}\r\n");
            // Department names come from configuration: quoted like any other text a spreadsheet could run.
            foreach (var d in counts.Departments) csv.Append(CultureInfo.InvariantCulture, $"{month},department,{Audit.IndexModel.Csv(d)},{counts.Department(m, d)}\r\n");
        }

        return File(new UTF8Encoding(encoderShouldEmitUTF8Identifier: true).GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(),
            "text/csv; charset=utf-8", "recace-incidents.csv");
    }

    public string CsvUrl() => "/Reports/Incidents" + QueryString.Create(new Dictionary<string, string?> { ["handler"] = "Csv", ["From"] = From, ["To"] = To }
        .Where(kv => !string.IsNullOrEmpty(kv.Value))).ToUriComponent();

    private Task<IncidentMonthlyCounts> LoadAsync(CancellationToken ct)
    {
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, _queries.Zone);
        var to = ParseMonth(To) ?? new DateOnly(now.Year, now.Month, 1);
        var from = ParseMonth(From) ?? to.AddMonths(-11);
        // At most five years on one page.
        if (to.Year * 12 + to.Month - (from.Year * 12 + from.Month) > 60) from = to.AddMonths(-60);
        return _report.MonthlyAsync(from, to, ct);
    }

    private static DateOnly? ParseMonth(string? v) =>
        DateOnly.TryParseExact(v + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
