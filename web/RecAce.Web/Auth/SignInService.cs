using Microsoft.AspNetCore.DataProtection;
using RecAce.Data.Entities;

namespace RecAce.Web.Auth;

/// <summary>
/// The password step (local, then the directory) and the second-factor step of signing in. Between
/// the two, the user name travels in a protected, five-minute token, never in plain form.
/// </summary>
public sealed class SignInService
{
    private static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(5);
    private readonly UserStore _users;
    private readonly LdapAuthenticator _ldap;
    private readonly ITimeLimitedDataProtector _pending;

    public SignInService(UserStore users, LdapAuthenticator ldap, IDataProtectionProvider protection)
    {
        _users = users;
        _ldap = ldap;
        _pending = protection.CreateProtector("RecAce.SignIn.SecondFactor").ToTimeLimitedDataProtector();
    }

    /// <returns>The user when the password is right and the account may sign in; otherwise null.</returns>
    public async Task<UserRow?> CheckPasswordAsync(string userName, string password, CancellationToken ct)
    {
        var local = await _users.VerifyAsync(userName, password, ct);
        if (local is not null || !_ldap.Enabled) return local;
        var existing = await _users.FindAsync(userName.Trim(), ct);
        // A local account is never taken over by a directory entry of the same name.
        if (existing is not null && (existing.Source != "ldap" || existing.Disabled)) return null;
        if (await _ldap.AuthenticateAsync(userName, password, ct) is not { } found) return null;
        return await _users.UpsertDirectoryUserAsync(userName.Trim(), found.Role, found.Extensions, ct);
    }

    public string ProtectPending(string userName) => _pending.Protect(userName, PendingLifetime);

    /// <returns>The user name, or null when the token is forged or older than five minutes.</returns>
    public string? UnprotectPending(string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        try
        {
            return _pending.Unprotect(token);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
