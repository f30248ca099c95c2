using System.Security.Claims;
using LinqToDB;
using LinqToDB.Async;
using RecAce.Data;

namespace RecAce.Web.Auth;

/// <summary>Whether a user may see one call: the check every per-call page and endpoint makes before anything else.</summary>
public sealed class CallAccess
{
    private readonly DatabaseFactory _db;

    public CallAccess(DatabaseFactory db) => _db = db;

    /// <returns>False when the call is outside the user's scope; the caller answers 404 so ids of others' calls are not confirmed.</returns>
    public async Task<bool> CanSeeAsync(ClaimsPrincipal user, Guid callId, CancellationToken ct)
    {
        var scope = CallScope.For(user);
        if (scope.Extensions is null) return true;
        using var db = _db.Open();
        var extension = await db.Calls.Where(c => c.Id == callId).Select(c => c.StaffExtension).FirstOrDefaultAsync(ct);
        return scope.Allows(extension);
    }
}
