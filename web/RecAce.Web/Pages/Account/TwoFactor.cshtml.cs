using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RecAce.Web.Auth;

namespace RecAce.Web.Pages.Account;

/// <summary>
/// A user enrols their own TOTP second factor: a new secret is shown (text and otpauth URI) and
/// saved only once a code from the app proves it was copied right. Directory users too.
/// </summary>
public sealed class TwoFactorModel : PageModel
{
    private readonly UserStore _users;
    private readonly IDataProtector _protector;

    public TwoFactorModel(UserStore users, IDataProtectionProvider protection)
    {
        _users = users;
        _protector = protection.CreateProtector("RecAce.TwoFactor.Enrol");
    }

    public bool Enrolled { get; private set; }
    public string? Secret { get; private set; }
    public string? OtpAuthUri { get; private set; }
    /// <summary>The new secret, protected, carried between the two steps.</summary>
    [BindProperty] public string? Pending { get; set; }
    [BindProperty] public string? Code { get; set; }
    public string? Error { get; private set; }
    public string? Done { get; private set; }

    private string Name => User.Identity?.Name ?? "";

    public async Task OnGetAsync(CancellationToken ct) => Enrolled = (await _users.FindAsync(Name, ct))?.TotpSecret is not null;

    public async Task<IActionResult> OnPostStartAsync(CancellationToken ct)
    {
        Enrolled = (await _users.FindAsync(Name, ct))?.TotpSecret is not null;
        Show(TotpCodes.NewSecret());
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct)
    {
        string secret;
        try
        {
            secret = _protector.Unprotect(Pending ?? "");
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return BadRequest();
        }

        if (!TotpCodes.Verify(secret, Code ?? "", DateTimeOffset.UtcNow, out _))
        {
            Error = "The code is wrong. Check the time on your phone and try again.";
            Show(secret);
            return Page();
        }

        await _users.SetTotpAsync(Name, secret, Name, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        Enrolled = true;
        Done = "The second factor is on. Sign-in now asks for a code.";
        return Page();
    }

    private void Show(string secret)
    {
        Secret = secret;
        OtpAuthUri = TotpCodes.Uri(secret, Name);
        Pending = _protector.Protect(secret);
    }
}
