using Microsoft.AspNetCore.Authorization;

namespace RecAce.Web.Auth;

/// <summary>
/// The authorization policies every page and endpoint names. The fallback policy (signed in) only
/// catches what forgot to name one; the authorization matrix test fails on such an endpoint.
/// </summary>
public static class Policies
{
    /// <summary>Any signed-in role; Staff see only their own calls (<see cref="CallScope"/>).</summary>
    public const string Calls = "calls";

    /// <summary>Admin, Supervisor and Auditor: views over all calls and the system.</summary>
    public const string Oversight = "oversight";

    /// <summary>Admin and Supervisor: tags, notes, flags, legal hold.</summary>
    public const string Review = "review";

    /// <summary>Admin and Auditor: the audit trail.</summary>
    public const string Audit = "audit";

    /// <summary>Admin only: settings, users, tokens.</summary>
    public const string Admin = "admin";

    public static AuthorizationBuilder AddRecAcePolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(Calls, p => p.RequireRole(Roles.All))
        .AddPolicy(Oversight, p => p.RequireRole(Roles.Admin, Roles.Supervisor, Roles.Auditor))
        .AddPolicy(Review, p => p.RequireRole(Roles.Admin, Roles.Supervisor))
        .AddPolicy(Audit, p => p.RequireRole(Roles.Admin, Roles.Auditor))
        .AddPolicy(Admin, p => p.RequireRole(Roles.Admin));
}
