using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RecAce.Core.Harassment;
using RecAce.Data.Entities;
using RecAce.Web.Api;

namespace RecAce.Web.Pages.Callers;

/// <summary>The watch list (Supervisor, Admin): numbers whose calls raise an alert as they start. Changes are audited.</summary>
public sealed class WatchListModel : PageModel
{
    private readonly WatchListStore _store;
    private readonly CallQueries _queries;

    public WatchListModel(WatchListStore store, CallQueries queries)
    {
        _store = store;
        _queries = queries;
    }

    public IReadOnlyList<WatchListRow> Entries { get; private set; } = [];
    public string? Error { get; private set; }

    public DateTimeOffset Local(long ms) => _queries.ToLocal(ms);

    public async Task OnGetAsync(CancellationToken ct) => Entries = await _store.ListAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(string? number, string? reason, CancellationToken ct)
    {
        if (!await _store.AddAsync(number, reason, Actor, Remote, ct))
        {
            Error = "A number (with digits) and a reason are required.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await OnGetAsync(ct);
            return Page();
        }

        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(string? number, CancellationToken ct)
    {
        await _store.RemoveAsync(number, Actor, Remote, ct);
        return RedirectToPage();
    }

    private string Actor => User.Identity?.Name ?? "unknown";
    private string? Remote => HttpContext.Connection.RemoteIpAddress?.ToString();
}
