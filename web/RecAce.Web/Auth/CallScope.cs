using System.Security.Claims;

namespace RecAce.Web.Auth;

/// <summary>Which calls a user may see: all, or (Staff) only those of their extensions.</summary>
public sealed record CallScope(IReadOnlyList<string>? Extensions)
{
    public static readonly CallScope All = new((IReadOnlyList<string>?)null);

    public bool Allows(string? staffExtension) => Extensions is null || (staffExtension is not null && Extensions.Contains(staffExtension));

    public static CallScope For(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        // Anyone holding another role too sees all; a Staff-only user sees their own extensions, possibly none.
        if (!user.IsInRole(Roles.Staff) || user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Supervisor) || user.IsInRole(Roles.Auditor)) return All;
        return new CallScope(user.FindAll(RecAceClaims.Extension).Select(c => c.Value).ToList());
    }
}
