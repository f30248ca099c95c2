using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RecAce.Core.Audit;
using RecAce.Web.Api;
using RecAce.Web.Auth;

namespace RecAce.Web.Pages.Calls;

public sealed class DetailModel : PageModel
{
    private readonly CallQueries _queries;
    private readonly AuditLog _audit;
    private readonly CallAccess _access;

    public DetailModel(CallQueries queries, AuditLog audit, CallAccess access)
    {
        _queries = queries;
        _audit = audit;
        _access = access;
    }

    public CallDto? Call { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        // Another extension's call is "not found" to a Staff user: its existence is not confirmed.
        if (!await _access.CanSeeAsync(User, id, ct)) return NotFound();
        Call = await _queries.GetAsync(id, ct);
        if (Call is null) return NotFound();
        await _audit.WriteAsync(User.Identity?.Name ?? "unknown", "call.view", id.ToString(), null, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        return Page();
    }
}
