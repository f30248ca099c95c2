using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RecAce.Core.Audit;
using RecAce.Data.Entities;
using RecAce.Web.Auth;
using System.Security.Claims;

namespace RecAce.Web.Pages;

/// <summary>Sign-in: password (local or directory), then the TOTP code when the user enrolled one.</summary>
public sealed class LoginModel : PageModel
{
    private readonly UserStore _users;
    private readonly SignInService _signIn;
    private readonly AuditLog _audit;

    public LoginModel(UserStore users, SignInService signIn, AuditLog audit)
    {
        _users = users;
        _signIn = signIn;
        _audit = audit;
    }

    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? Code { get; set; }
    /// <summary>The protected user name between the password and the code step.</summary>
    [BindProperty] public string? Pending { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }
    public bool AskForCode => Pending is not null;

    private string? Remote => HttpContext.Connection.RemoteIpAddress?.ToString();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await _users.AnyAsync(ct) ? Page() : RedirectToPage("/Setup");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = string.IsNullOrEmpty(UserName) || string.IsNullOrEmpty(Password) ? null : await _signIn.CheckPasswordAsync(UserName, Password, ct);
        Password = null;
        if (user is null)
        {
            await _audit.WriteAsync(UserName ?? "", "signin.fail", null, null, Remote, ct);
            Error = "The user name or password is wrong, or the account is locked for a while.";
            return Page();
        }

        if (user.TotpSecret is not null)
        {
            Pending = _signIn.ProtectPending(user.UserName);
            return Page();
        }

        return await SignInAsync(user, "password", ct);
    }

    public async Task<IActionResult> OnPostCodeAsync(CancellationToken ct)
    {
        var name = _signIn.UnprotectPending(Pending);
        if (name is null)
        {
            Pending = null;
            Error = "The sign-in took too long. Please start again.";
            return Page();
        }

        if (!await _users.VerifyTotpAsync(name, Code ?? "", ct) || await _users.FindAsync(name, ct) is not { } user)
        {
            await _audit.WriteAsync(name, "signin.fail", null, "wrong second-factor code", Remote, ct);
            Error = "The code is wrong or was already used.";
            return Page();
        }

        return await SignInAsync(user, "password+totp", ct);
    }

    private async Task<IActionResult> SignInAsync(UserRow user, string method, CancellationToken ct)
    {
        var identity = RecAceClaims.Identity(user, CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        await _audit.WriteAsync(user.UserName, "signin", null, $"{method} ({user.Source})", Remote, ct);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
