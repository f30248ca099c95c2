using System.Security.Cryptography;
using System.Text;
using LinqToDB;
using LinqToDB.Async;
using RecAce.Core.Audit;
using RecAce.Data;
using RecAce.Data.Entities;

namespace RecAce.Web.Auth;

/// <summary>API tokens: random, shown once, stored only as SHA-256.</summary>
public sealed class ApiTokenStore
{
    private const string Prefix = "rcat_";
    private readonly DatabaseFactory _db;
    private readonly AuditLog _audit;
    private readonly TimeProvider _time;

    public ApiTokenStore(DatabaseFactory db, AuditLog audit, TimeProvider time)
    {
        _db = db;
        _audit = audit;
        _time = time;
    }

    public Task<string> CreateAsync(string name, string role, TimeSpan? lifetime, string actor, CancellationToken ct) =>
        CreateAsync(name, role, lifetime, null, actor, ct);

    /// <param name="userName">The user the token acts for; null for a service token.</param>
    public async Task<string> CreateAsync(string name, string role, TimeSpan? lifetime, string? userName, string actor, CancellationToken ct)
    {
        var token = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = _time.GetUtcNow();
        using (var db = _db.Open())
        {
            await db.InsertAsync(new ApiTokenRow
            {
                Name = name.Length > 128 ? name[..128] : name,
                TokenHash = Hash(token),
                Role = role,
                CreatedAtMs = now.ToUnixTimeMilliseconds(),
                ExpiresAtMs = lifetime is null ? null : (now + lifetime.Value).ToUnixTimeMilliseconds(),
                UserName = userName,
            }, token: ct);
        }

        await _audit.WriteAsync(actor, "token.create", name, $"role {role}", null, ct);
        return token;
    }

    /// <returns>The token's name and role, or null when unknown, revoked or expired.</returns>
    public async Task<ApiTokenIdentity?> ValidateAsync(string token, CancellationToken ct)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 128) return null;
        var hash = Hash(token);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        using var db = _db.Open();
        var row = await db.ApiTokens.FirstOrDefaultAsync(t => t.TokenHash == hash && !t.Revoked && (t.ExpiresAtMs == null || t.ExpiresAtMs > now), ct);
        return row is null ? null : new ApiTokenIdentity(row.Name, row.Role, row.UserName);
    }

    public async Task<IReadOnlyList<ApiTokenRow>> ListAsync(CancellationToken ct)
    {
        using var db = _db.Open();
        return await db.ApiTokens.OrderByDescending(t => t.Id).ToListAsync(ct);
    }

    public async Task RevokeAsync(long id, string actor, string? remote, CancellationToken ct)
    {
        string? name;
        using (var db = _db.Open())
        {
            name = await db.ApiTokens.Where(t => t.Id == id).Select(t => t.Name).FirstOrDefaultAsync(ct);
            if (name is null) return;
            await db.ApiTokens.Where(t => t.Id == id).Set(t => t.Revoked, true).UpdateAsync(ct);
        }

        await _audit.WriteAsync(actor, "token.revoke", name, null, remote, ct);
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
