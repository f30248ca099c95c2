using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RecAce.Data.Entities;
using RecAce.Web.Auth;
using RecAce.Web.Cli;

namespace RecAce.Web.Pages.Admin;

/// <summary>Users (Admin): add, change role and extensions, disable, reset password, remove a lost second factor.</summary>
public sealed class UsersModel : PageModel
{
    private readonly UserStore _users;

    public UsersModel(UserStore users) => _users = users;

    public IReadOnlyList<UserRow> Users { get; private set; } = [];
    public string? Error { get; private set; }
    public string? Done { get; private set; }

    private string Actor => User.Identity?.Name ?? "unknown";
    private string? Remote => HttpContext.Connection.RemoteIpAddress?.ToString();

    public async Task OnGetAsync(CancellationToken ct) => Users = await _users.ListAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(string? userName, string? password, string? role, string? extensions, CancellationToken ct)
    {
        try
        {
            await _users.AddAsync(userName ?? "", password ?? "", Roles.Parse(role ?? "") ?? Roles.Staff, extensions, Actor, ct);
            Done = "Saved.";
        }
        catch (CommandLineException e)
        {
            Error = e.Message.StartsWith("the password", StringComparison.Ordinal) ? "The password must be at least 12 characters."
                : e.Message.Contains("exists", StringComparison.Ordinal) ? "That user name is taken." : "The user name must be 1 to 128 characters.";
        }

        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostUpdateAsync(long id, string? role, string? extensions, bool disabled, CancellationToken ct)
    {
        var target = (await _users.ListAsync(ct)).FirstOrDefault(u => u.Id == id);
        if (target is null) return NotFound();
        if (target.UserName == Actor && (disabled || Roles.Parse(role ?? "") != Roles.Admin))
        {
            // An administrator cannot lock themselves out: another admin must do it.
            Error = "You cannot disable yourself or take away your own Admin role.";
            return await ShowAsync(ct);
        }

        await _users.UpdateAsync(id, Roles.Parse(role ?? "") ?? Roles.Staff, extensions, disabled, Actor, Remote, ct);
        Done = "Saved.";
        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostPasswordAsync(long id, string? password, CancellationToken ct)
    {
        try
        {
            await _users.ResetPasswordAsync(id, password ?? "", Actor, Remote, ct);
            Done = "Saved.";
        }
        catch (CommandLineException)
        {
            Error = "The password must be at least 12 characters.";
        }

        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostRemoveTotpAsync(long id, CancellationToken ct)
    {
        if ((await _users.ListAsync(ct)).FirstOrDefault(u => u.Id == id) is { } user) await _users.SetTotpAsync(user.UserName, null, Actor, Remote, ct);
        Done = "Saved.";
        return await ShowAsync(ct);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        Users = await _users.ListAsync(ct);
        return Page();
    }
}
