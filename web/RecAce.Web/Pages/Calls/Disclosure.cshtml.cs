using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using RecAce.Web.Api;
using RecAce.Web.Auth;
using RecAce.Web.Disclosure;

namespace RecAce.Web.Pages.Calls;

/// <summary>A disclosure (開示請求) export from the call detail: mute ranges, mask text, download the ZIP. Supervisors, auditors, administrators.</summary>
public sealed class DisclosureModel : PageModel
{
    private readonly DisclosureExporter _exporter;
    private readonly CallQueries _queries;
    private readonly CallAccess _access;
    private readonly IStringLocalizer<SharedResource> _t;

    public DisclosureModel(DisclosureExporter exporter, CallQueries queries, CallAccess access, IStringLocalizer<SharedResource> t)
    {
        _exporter = exporter;
        _queries = queries;
        _access = access;
        _t = t;
    }

    public CallDto? Call { get; private set; }

    public TranscriptDto? Transcript { get; private set; }

    public double DurationSeconds { get; private set; }

    public IReadOnlyList<string> Errors { get; private set; } = [];

    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? Ranges { get; set; }
    [BindProperty] public string? SegmentMasks { get; set; }
    [BindProperty] public string? LiteralMasks { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var (request, parseErrors) = DisclosureForm.Parse(Reason, Ranges, SegmentMasks, LiteralMasks);
        if (parseErrors.Count > 0) return Invalid(parseErrors);
        var result = await _exporter.ExportAsync(id, request, User.Identity?.Name ?? "unknown", HttpContext.Connection.RemoteIpAddress?.ToString(), s => _t[s].Value, ct);
        if (result.NotFound) return NotFound();
        if (result.Conflict is { } conflict)
        {
            Errors = [conflict];
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        if (result.Errors is { } errors) return Invalid(errors);
        return File(result.Package!, "application/zip", result.FileName);
    }

    private PageResult Invalid(IReadOnlyDictionary<string, string[]> errors)
    {
        Errors = errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")).ToList();
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (!await _access.CanSeeAsync(User, id, ct)) return false;
        Call = await _queries.GetAsync(id, ct);
        if (Call is null || await _exporter.SubjectAsync(id, ct) is not { } subject) return false;
        DurationSeconds = subject.DurationSeconds;
        Transcript = subject.Transcript;
        return true;
    }
}
