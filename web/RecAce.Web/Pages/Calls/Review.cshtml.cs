using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RecAce.Web.Api;
using RecAce.Web.Auth;
using RecAce.Web.Review;

namespace RecAce.Web.Pages.Calls;

/// <summary>The reviewers' changes to a call (Supervisor, Admin). htmx gets the review block back; a plain form post returns to the call.</summary>
public sealed class ReviewModel : PageModel
{
    private readonly CallReviewStore _store;
    private readonly CallAccess _access;
    private readonly CallQueries _queries;

    public ReviewModel(CallReviewStore store, CallAccess access, CallQueries queries)
    {
        _store = store;
        _access = access;
        _queries = queries;
    }

    [FromRoute] public Guid Id { get; set; }

    private string Actor => User.Identity?.Name ?? "unknown";
    private string? Remote => HttpContext.Connection.RemoteIpAddress?.ToString();

    public IActionResult OnGet() => Redirect($"/Calls/Detail/{Id}");

    public Task<IActionResult> OnPostTagAsync(string? tag, CancellationToken ct) =>
        ChangeAsync(() => _store.AddTagAsync(Id, tag ?? "", Actor, Remote, ct), ct);

    public Task<IActionResult> OnPostUntagAsync(string? tag, CancellationToken ct) =>
        ChangeAsync(() => _store.RemoveTagAsync(Id, tag ?? "", Actor, Remote, ct), ct);

    public Task<IActionResult> OnPostNoteAsync(string? text, CancellationToken ct) =>
        ChangeAsync(() => _store.AddNoteAsync(Id, text ?? "", Actor, Remote, ct), ct);

    public Task<IActionResult> OnPostFlagAsync(bool on, string? reason, CancellationToken ct) =>
        ChangeAsync(() => _store.SetFlagAsync(Id, on, reason, Actor, Remote, ct), ct);

    public async Task<IActionResult> OnPostHoldAsync(bool on, string? reason, string? until, CancellationToken ct)
    {
        DateTimeOffset? untilTime = null;
        if (!string.IsNullOrWhiteSpace(until) && DateTime.TryParseExact(until, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            untilTime = new DateTimeOffset(day, _queries.Zone.GetUtcOffset(day));
        }

        string? error = null;
        var result = await ChangeAsync(async () =>
        {
            if (!await _store.SetLegalHoldAsync(Id, on, reason, untilTime, Actor, Remote, ct)) error = "A legal hold needs a reason.";
        }, ct, () => error);
        return result;
    }

    private async Task<IActionResult> ChangeAsync(Func<Task> change, CancellationToken ct, Func<string?>? error = null)
    {
        if (!await _access.CanSeeAsync(User, Id, ct) || await _store.GetAsync(Id, ct) is null) return NotFound();
        await change();
        return Request.Headers.ContainsKey("HX-Request")
            ? ViewComponent(typeof(CallReviewViewComponent), new { id = Id, error = error?.Invoke() })
            : Redirect($"/Calls/Detail/{Id}");
    }
}
