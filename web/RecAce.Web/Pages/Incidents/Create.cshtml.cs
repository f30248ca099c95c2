using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RecAce.Core.Harassment;
using RecAce.Web.Api;

namespace RecAce.Web.Pages.Incidents;

/// <summary>Opens an incident from a call (Supervisor, Admin); the call's suggested categories are ticked.</summary>
public sealed class CreateModel : PageModel
{
    private readonly IncidentStore _store;
    private readonly CallQueries _queries;
    private readonly CallSignalReader _signals;

    public CreateModel(IncidentStore store, CallQueries queries, CallSignalReader signals)
    {
        _store = store;
        _queries = queries;
        _signals = signals;
    }

    [FromRoute] public Guid Id { get; set; }

    public CallDto? Call { get; private set; }
    public IReadOnlyList<IncidentCategory> Suggested { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Call = await _queries.GetAsync(Id, ct);
        if (Call is null) return NotFound();
        Suggested = (await _signals.GetAsync(Id, ct))?.Categories ?? [];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string[]? categories, string? summary, CancellationToken ct)
    {
        var chosen = (categories ?? []).Select(IncidentCategories.Parse).OfType<IncidentCategory>().ToList();
        if (chosen.Count == 0)
        {
            Error = "Choose at least one category.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await OnGetAsync(ct);
        }

        var id = await _store.CreateAsync(Id, chosen, summary, User.Identity?.Name ?? "unknown", HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        return id is null ? NotFound() : Redirect($"/Incidents/Detail/{id}");
    }
}
