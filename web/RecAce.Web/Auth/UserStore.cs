using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Identity;
using RecAce.Core.Audit;
using RecAce.Data;
using RecAce.Data.Entities;
using RecAce.Web.Cli;

namespace RecAce.Web.Auth;

/// <summary>Users: hashed passwords (ASP.NET Core's PasswordHasher), lockout after repeated failures.</summary>
public sealed class UserStore
{
    public const int MinPasswordLength = 12;
    private const int MaxFailures = 5;
    private static readonly TimeSpan LockoutTime = TimeSpan.FromMinutes(15);
    private readonly PasswordHasher<UserRow> _hasher = new();
    private readonly DatabaseFactory _db;
    private readonly AuditLog _audit;
    private readonly TimeProvider _time;

    public UserStore(DatabaseFactory db, AuditLog audit, TimeProvider time)
    {
        _db = db;
        _audit = audit;
        _time = time;
    }

    public async Task<bool> AnyAsync(CancellationToken ct)
    {
        using var db = _db.Open();
        return await db.Users.AnyAsync(ct);
    }

    public Task AddAsync(string userName, string password, string role, string actor, CancellationToken ct) =>
        AddAsync(userName, password, role, null, actor, ct);

    /// <param name="extensions">Comma-separated extensions (what a Staff user may see).</param>
    public async Task AddAsync(string userName, string password, string role, string? extensions, string actor, CancellationToken ct)
    {
        userName = userName.Trim();
        if (userName.Length is 0 or > 128) throw new CommandLineException("the user name must be 1 to 128 characters");
        if (password.Length < MinPasswordLength) throw new CommandLineException($"the password must be at least {MinPasswordLength} characters");
        using (var db = _db.Open())
        {
            if (await db.Users.AnyAsync(u => u.UserName == userName, ct)) throw new CommandLineException($"user '{userName}' exists already");
            var row = new UserRow { UserName = userName, Role = role, Extensions = NormalizeExtensions(extensions), CreatedAtMs = _time.GetUtcNow().ToUnixTimeMilliseconds() };
            row.PasswordHash = _hasher.HashPassword(row, password);
            await db.InsertAsync(row, token: ct);
        }

        await _audit.WriteAsync(actor, "user.add", userName, $"role {role}; extensions {NormalizeExtensions(extensions)}", null, ct);
    }

    public async Task<UserRow?> FindAsync(string userName, CancellationToken ct)
    {
        using var db = _db.Open();
        return await db.Users.FirstOrDefaultAsync(u => u.UserName == userName, ct);
    }

    public async Task<IReadOnlyList<UserRow>> ListAsync(CancellationToken ct)
    {
        using var db = _db.Open();
        return await db.Users.OrderBy(u => u.UserName).ToListAsync(ct);
    }

    /// <summary>Changes role, extensions and whether the account may sign in.</summary>
    public async Task UpdateAsync(long id, string role, string? extensions, bool disabled, string actor, string? remote, CancellationToken ct)
    {
        string? name;
        using (var db = _db.Open())
        {
            name = await db.Users.Where(u => u.Id == id).Select(u => u.UserName).FirstOrDefaultAsync(ct);
            if (name is null) return;
            await db.Users.Where(u => u.Id == id).Set(u => u.Role, role).Set(u => u.Extensions, NormalizeExtensions(extensions)).Set(u => u.Disabled, disabled).UpdateAsync(ct);
        }

        await _audit.WriteAsync(actor, "user.update", name, $"role {role}; extensions {NormalizeExtensions(extensions)}; disabled {disabled}", remote, ct);
    }

    /// <summary>Sets a new password and lifts a lockout.</summary>
    public async Task ResetPasswordAsync(long id, string password, string actor, string? remote, CancellationToken ct)
    {
        if (password.Length < MinPasswordLength) throw new CommandLineException($"the password must be at least {MinPasswordLength} characters");
        string? name;
        using (var db = _db.Open())
        {
            var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct);
            if (user is null) return;
            name = user.UserName;
            await db.Users.Where(u => u.Id == id).Set(u => u.PasswordHash, _hasher.HashPassword(user, password))
                .Set(u => u.FailedSignIns, 0).Set(u => u.LockedUntilMs, (long?)null).UpdateAsync(ct);
        }

        await _audit.WriteAsync(actor, "user.password-reset", name, null, remote, ct);
    }

    /// <summary>Enrols (secret) or removes (null) the TOTP second factor.</summary>
    public async Task SetTotpAsync(string userName, string? secret, string actor, string? remote, CancellationToken ct)
    {
        using (var db = _db.Open())
        {
            await db.Users.Where(u => u.UserName == userName).Set(u => u.TotpSecret, secret).Set(u => u.TotpLastStep, (long?)null).UpdateAsync(ct);
        }

        await _audit.WriteAsync(actor, secret is null ? "user.totp-remove" : "user.totp-enrol", userName, null, remote, ct);
    }

    /// <summary>Checks a TOTP code and marks its time step used, so the same code cannot be replayed.</summary>
    public async Task<bool> VerifyTotpAsync(string userName, string code, CancellationToken ct)
    {
        using var db = _db.Open();
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == userName, ct);
        if (user?.TotpSecret is null || user.Disabled) return false;
        if (!TotpCodes.Verify(user.TotpSecret, code, _time.GetUtcNow(), out var step) || step <= (user.TotpLastStep ?? long.MinValue))
        {
            await CountFailureAsync(db, user, ct);
            return false;
        }

        var updated = await db.Users.Where(u => u.Id == user.Id && (u.TotpLastStep == null || u.TotpLastStep < step)).Set(u => u.TotpLastStep, step).UpdateAsync(ct);
        return updated == 1;
    }

    /// <summary>Creates or refreshes a directory user after the directory accepted the password.</summary>
    public async Task<UserRow> UpsertDirectoryUserAsync(string userName, string role, string? extensions, CancellationToken ct)
    {
        using var db = _db.Open();
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == userName, ct);
        if (user is null)
        {
            // A directory user has no local password: the hash is of a random value nobody knows.
            user = new UserRow { UserName = userName, Role = role, Extensions = NormalizeExtensions(extensions), Source = "ldap", CreatedAtMs = _time.GetUtcNow().ToUnixTimeMilliseconds() };
            user.PasswordHash = _hasher.HashPassword(user, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
            user.Id = await db.InsertWithInt64IdentityAsync(user, token: ct);
            await _audit.WriteAsync("ldap", "user.add", userName, $"role {role} from the directory", null, ct);
        }
        else if (user.Source == "ldap")
        {
            // The directory decides: role and extensions follow it at every sign-in.
            await db.Users.Where(u => u.Id == user.Id).Set(u => u.Role, role).Set(u => u.Extensions, NormalizeExtensions(extensions)).UpdateAsync(ct);
            user.Role = role;
            user.Extensions = NormalizeExtensions(extensions);
        }

        return user;
    }

    private static string? NormalizeExtensions(string? extensions) =>
        RecAceClaims.SplitExtensions(extensions) is { Count: > 0 } list ? string.Join(",", list) : null;

    private async Task CountFailureAsync(RecAceDb db, UserRow user, CancellationToken ct)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var failures = user.FailedSignIns + 1;
        // Computed outside the expression, so each parameter has its column's type (PostgreSQL is strict about it).
        var failuresAfter = failures >= MaxFailures ? 0 : failures;
        long? lockedUntil = failures >= MaxFailures ? now + (long)LockoutTime.TotalMilliseconds : null;
        await db.Users.Where(u => u.Id == user.Id)
            .Set(u => u.FailedSignIns, failuresAfter)
            .Set(u => u.LockedUntilMs, lockedUntil)
            .UpdateAsync(ct);
    }

    /// <returns>The user when the password is right and the account is not locked; otherwise null.</returns>
    public async Task<UserRow?> VerifyAsync(string userName, string password, CancellationToken ct)
    {
        using var db = _db.Open();
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == userName.Trim(), ct);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (user is null)
        {
            // Same work as a real check, so timing does not tell which user names exist.
            _hasher.VerifyHashedPassword(new UserRow(), "AQAAAAIAAYagAAAAEExampleExampleExampleExampleExampleExampleExample==", password);
            return null;
        }

        if (user.LockedUntilMs > now || user.Disabled || user.Source != "local") return null;
        var result = _hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (result == PasswordVerificationResult.Failed)
        {
            await CountFailureAsync(db, user, ct);
            return null;
        }

        await db.Users.Where(u => u.Id == user.Id).Set(u => u.FailedSignIns, 0).Set(u => u.LockedUntilMs, (long?)null).UpdateAsync(ct);
        return user;
    }
}
