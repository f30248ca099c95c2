using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RecAce.Core.Harassment;
using RecAce.Web.Api;
using RecAce.Web.Auth;

namespace RecAce.Web.Pages.Incidents;

/// <summary>One incident: categories, status, escalation, notes and linked calls. Auditors read; Supervisors and Admins change (antiforgery on every POST).</summary>
public sealed class DetailModel : PageModel
{
    private readonly IncidentStore _store;
    private readonly CallQueries _queries;

    public DetailModel(IncidentStore store, CallQueries queries)
    {
        _store = store;
        _queries = queries;
    }

    [FromRoute] public Guid Id { get; set; }

    public IncidentDetail? Incident { get; private set; }

    /// <summary>A refused change, shown above the incident.</summary>
    public string? Error { get; private set; }

    public bool CanEdit => User.IsInRole(Roles.Admin) || User.IsInRole(Roles.Supervisor);

    public DateTimeOffset Local(long ms) => _queries.ToLocal(ms);

    private string Actor => User.Identity?.Name ?? "unknown";
    private string? Remote => HttpContext.Connection.RemoteIpAddress?.ToString();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Incident = await _store.GetAsync(Id, ct);
        return Incident is null ? NotFound() : Page();
    }

    public Task<IActionResult> OnPostMoveAsync(string? to, string? escalation, CancellationToken ct) => ChangeAsync(async () =>
    {
        if (!Enum.TryParse<IncidentStatus>(to, true, out var status) || !Enum.IsDefined(status)) throw new ArgumentException("Unknown status.");
        EscalationTarget? target = Enum.TryParse<EscalationTarget>(escalation, true, out var t) && Enum.IsDefined(t) ? t : null;
        return await _store.MoveAsync(Id, status, target, Actor, Remote, ct);
    }, ct);

    public Task<IActionResult> OnPostNoteAsync(string? text, CancellationToken ct) =>
        ChangeAsync(async () => await _store.AddNoteAsync(Id, text, Actor, Remote, ct) ? true : throw new ArgumentException("A note needs text."), ct);

    public Task<IActionResult> OnPostLinkAsync(string? callId, CancellationToken ct) => ChangeAsync(async () =>
    {
        if (!Guid.TryParse(callId?.Trim(), out var call)) throw new ArgumentException("Give the id of the call to link (shown in its address).");
        return await _store.LinkCallAsync(Id, call, Actor, Remote, ct) ? true : throw new ArgumentException($"No call {call}.");
    }, ct);

    public Task<IActionResult> OnPostUnlinkAsync(Guid callId, CancellationToken ct) =>
        ChangeAsync(async () => await _store.UnlinkCallAsync(Id, callId, Actor, Remote, ct) ? true : throw new ArgumentException("The call the incident was opened from stays linked."), ct);

    public Task<IActionResult> OnPostEditAsync(string[]? categories, string? summary, CancellationToken ct) =>
        ChangeAsync(async () => await _store.EditAsync(Id, (categories ?? []).Select(IncidentCategories.Parse).OfType<IncidentCategory>().ToList(), summary, Actor, Remote, ct), ct);

    /// <summary>A refused change renders the incident again with the reason and 400, so nothing is silently ignored.</summary>
    private async Task<IActionResult> ChangeAsync(Func<Task<bool>> change, CancellationToken ct)
    {
        if (!CanEdit) return Forbid();
        try
        {
            if (!await change()) return NotFound();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            Error = e.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await OnGetAsync(ct);
        }

        return RedirectToPage(new { id = Id });
    }
}
