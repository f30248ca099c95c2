using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RecAce.Data.Entities;
using RecAce.Web.Auth;

namespace RecAce.Web.Pages.Admin;

/// <summary>API tokens (Admin): create with a role, an expiry and optionally a user to act for; the token is shown once; revoke.</summary>
public sealed class TokensModel : PageModel
{
    private readonly ApiTokenStore _tokens;
    private readonly UserStore _users;

    public TokensModel(ApiTokenStore tokens, UserStore users)
    {
        _tokens = tokens;
        _users = users;
    }

    public IReadOnlyList<ApiTokenRow> Tokens { get; private set; } = [];
    public IReadOnlyList<string> UserNames { get; private set; } = [];
    /// <summary>The new token, shown on this response only; it is never stored in clear.</summary>
    public string? Created { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(string? name, string? role, int? days, string? userName, CancellationToken ct)
    {
        var parsedRole = Roles.Parse(role ?? "");
        if (string.IsNullOrWhiteSpace(name) || parsedRole is null || days is < 1 or > 3650)
        {
            Error = "Give a name, a role and an expiry of 1 to 3650 days.";
        }
        else
        {
            var owner = string.IsNullOrWhiteSpace(userName) ? null : (await _users.FindAsync(userName, ct))?.UserName;
            // A Staff token without a user would see nobody's calls; with one, it sees that user's.
            Created = await _tokens.CreateAsync(name.Trim(), parsedRole, TimeSpan.FromDays(days ?? 90), owner, User.Identity?.Name ?? "unknown", ct);
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken ct)
    {
        await _tokens.RevokeAsync(id, User.Identity?.Name ?? "unknown", HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        return RedirectToPage();
    }

    public string When(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v).ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "—";

    private async Task LoadAsync(CancellationToken ct)
    {
        Tokens = await _tokens.ListAsync(ct);
        UserNames = (await _users.ListAsync(ct)).Select(u => u.UserName).ToList();
    }
}
