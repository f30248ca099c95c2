using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RecAce.Core.Audit;
using RecAce.Data.Entities;
using RecAce.Web.Api;

namespace RecAce.Web.Pages.Audit;

/// <summary>The audit trail (Auditor, Admin): search, CSV export and chain verification. Export and verification are audited too.</summary>
public sealed class IndexModel : PageModel
{
    private const int PageSize = 100;
    private readonly AuditSearch _search;
    private readonly AuditVerifier _verifier;
    private readonly AuditLog _audit;
    private readonly CallQueries _queries;

    public IndexModel(AuditSearch search, AuditVerifier verifier, AuditLog audit, CallQueries queries)
    {
        _search = search;
        _verifier = verifier;
        _audit = audit;
        _queries = queries;
    }

    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true, Name = "Action")] public string? ActionName { get; set; }
    [BindProperty(SupportsGet = true)] public string? Text { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<AuditEventRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public AuditVerification? Verification { get; private set; }

    public string Local(long ms) => _queries.ToLocal(ms).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        Verification = await _verifier.VerifyAsync(ct);
        await _audit.WriteAsync(User.Identity?.Name ?? "unknown", "audit.verify", null, Verification.Intact ? "intact" : Verification.Problem, Remote, ct);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var filter = Filter();
        await _audit.WriteAsync(User.Identity?.Name ?? "unknown", "audit.export", null, Request.QueryString.Value, Remote, ct);
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = "attachment; filename=\"recace-audit.csv\"";
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        await writer.WriteLineAsync("id,at,actor,action,target,detail,remote_address,hash");
        await foreach (var r in _search.AllAsync(filter, ct))
        {
            await writer.WriteLineAsync(string.Join(',', r.Id.ToString(CultureInfo.InvariantCulture), Local(r.AtMs), Csv(r.Actor), Csv(r.Action), Csv(r.Target), Csv(r.Detail), Csv(r.RemoteAddress), r.Hash));
        }

        // The body is written; nothing else may render after it.
        return new EmptyResult();
    }

    public string PageUrl(int page) => "/Audit" + QueryString.Create(new Dictionary<string, string?>
    {
        ["From"] = From, ["To"] = To, ["Actor"] = Actor, ["Action"] = ActionName, ["Text"] = Text,
        ["p"] = page.ToString(CultureInfo.InvariantCulture),
    }.Where(kv => !string.IsNullOrEmpty(kv.Value))).ToUriComponent();

    public string CsvUrl() => "/Audit" + QueryString.Create(new Dictionary<string, string?>
    {
        ["handler"] = "Csv", ["From"] = From, ["To"] = To, ["Actor"] = Actor, ["Action"] = ActionName, ["Text"] = Text,
    }.Where(kv => !string.IsNullOrEmpty(kv.Value))).ToUriComponent();

    private string? Remote => HttpContext.Connection.RemoteIpAddress?.ToString();

    private async Task LoadAsync(CancellationToken ct)
    {
        var page = Math.Max(1, PageNumber);
        (Rows, Total) = await _search.FindAsync(Filter(), (page - 1) * PageSize, PageSize, ct);
    }

    private AuditFilter Filter()
    {
        CallsApi.TryParseTime(From, _queries.Zone, out var from);
        CallsApi.TryParseTime(To, _queries.Zone, out var to);
        return new AuditFilter { From = from, To = to?.AddDays(string.IsNullOrEmpty(To) || To.Length > 10 ? 0 : 1), Actor = Actor, Action = ActionName, Text = Text };
    }

    /// <summary>RFC 4180 quoting, and a leading quote on what a spreadsheet would run as a formula.</summary>
    internal static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 || value[0] == '\'' ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
