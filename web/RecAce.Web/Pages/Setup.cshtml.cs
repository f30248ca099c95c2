using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RecAce.Web.Auth;
using RecAce.Web.Cli;

namespace RecAce.Web.Pages;

/// <summary>The first-run wizard: exists only while there is no user at all.</summary>
public sealed class SetupModel : PageModel
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);
    private readonly UserStore _users;

    public SetupModel(UserStore users) => _users = users;

    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? Confirm { get; set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await _users.AnyAsync(ct) ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await OneAtATime.WaitAsync(ct);
        try
        {
            // Checked again under the lock: two first-run posts must not create two administrators.
            if (await _users.AnyAsync(ct)) return NotFound();
            if (Password != Confirm)
            {
                Error = "The two passwords differ.";
                return Page();
            }

            await _users.AddAsync(UserName ?? "", Password ?? "", Roles.Admin, "setup:" + HttpContext.Connection.RemoteIpAddress, ct);
            return RedirectToPage("/Login");
        }
        catch (CommandLineException e)
        {
            Error = e.Message.StartsWith("the password", StringComparison.Ordinal) ? "The password must be at least 12 characters." : "The user name must be 1 to 128 characters.";
            return Page();
        }
        finally
        {
            OneAtATime.Release();
        }
    }
}
