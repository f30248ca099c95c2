using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RecAce.Core.Audit;
using RecAce.Web.Api;

namespace RecAce.Web.Pages.Calls;

public sealed class DetailModel : PageModel
{
    private readonly CallQueries _queries;
    private readonly AuditLog _audit;

    public DetailModel(CallQueries queries, AuditLog audit)
    {
        _queries = queries;
        _audit = audit;
    }

    public CallDto? Call { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Call = await _queries.GetAsync(id, ct);
        if (Call is null) return NotFound();
        await _audit.WriteAsync(User.Identity?.Name ?? "unknown", "call.view", id.ToString(), null, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        return Page();
    }
}
