using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RecAce.Core.Audit;
using RecAce.Web.Auth;

namespace RecAce.Web.Pages;

public sealed class LoginModel : PageModel
{
    private readonly UserStore _users;
    private readonly AuditLog _audit;

    public LoginModel(UserStore users, AuditLog audit)
    {
        _users = users;
        _audit = audit;
    }

    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await _users.AnyAsync(ct) ? Page() : RedirectToPage("/Setup");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var remote = HttpContext.Connection.RemoteIpAddress?.ToString();
        var user = string.IsNullOrEmpty(UserName) || string.IsNullOrEmpty(Password) ? null : await _users.VerifyAsync(UserName, Password, ct);
        if (user is null)
        {
            await _audit.WriteAsync(UserName ?? "", "signin.fail", null, null, remote, ct);
            Error = "The user name or password is wrong, or the account is locked for a while.";
            return Page();
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user.UserName), new Claim(ClaimTypes.Role, user.Role)], CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        await _audit.WriteAsync(user.UserName, "signin", null, null, remote, ct);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
