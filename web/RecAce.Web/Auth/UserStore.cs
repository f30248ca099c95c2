using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Identity;
using RecAce.Core.Audit;
using RecAce.Data;
using RecAce.Data.Entities;
using RecAce.Web.Cli;

namespace RecAce.Web.Auth;

/// <summary>Admin users: hashed passwords (ASP.NET Core's PasswordHasher), lockout after repeated failures.</summary>
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

    public async Task AddAsync(string userName, string password, string role, string actor, CancellationToken ct)
    {
        userName = userName.Trim();
        if (userName.Length is 0 or > 128) throw new CommandLineException("the user name must be 1 to 128 characters");
        if (password.Length < MinPasswordLength) throw new CommandLineException($"the password must be at least {MinPasswordLength} characters");
        using (var db = _db.Open())
        {
            if (await db.Users.AnyAsync(u => u.UserName == userName, ct)) throw new CommandLineException($"user '{userName}' exists already");
            var row = new UserRow { UserName = userName, Role = role, CreatedAtMs = _time.GetUtcNow().ToUnixTimeMilliseconds() };
            row.PasswordHash = _hasher.HashPassword(row, password);
            await db.InsertAsync(row, token: ct);
        }

        await _audit.WriteAsync(actor, "user.add", userName, $"role {role}", null, ct);
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

        if (user.LockedUntilMs > now) return null;
        var result = _hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (result == PasswordVerificationResult.Failed)
        {
            var failures = user.FailedSignIns + 1;
            await db.Users.Where(u => u.Id == user.Id)
                .Set(u => u.FailedSignIns, failures >= MaxFailures ? 0 : failures)
                .Set(u => u.LockedUntilMs, failures >= MaxFailures ? now + (long)LockoutTime.TotalMilliseconds : null)
                .UpdateAsync(ct);
            return null;
        }

        await db.Users.Where(u => u.Id == user.Id).Set(u => u.FailedSignIns, 0).Set(u => u.LockedUntilMs, (long?)null).UpdateAsync(ct);
        return user;
    }
}
