namespace RecAce.Web.Auth;

/// <summary>Who may do what. What each role may reach is declared in <see cref="Policies"/>.</summary>
public static class Roles
{
    /// <summary>Local IT: settings, users, tokens, and everything the others can do.</summary>
    public const string Admin = "Admin";

    /// <summary>Reviews calls: tags, notes, flags, legal hold.</summary>
    public const string Supervisor = "Supervisor";

    /// <summary>Reads, listens, downloads and reads the audit trail; changes nothing.</summary>
    public const string Auditor = "Auditor";

    /// <summary>Sees only the calls of their own extensions.</summary>
    public const string Staff = "Staff";

    public static readonly string[] All = [Admin, Supervisor, Auditor, Staff];

    public static string? Parse(string value) => All.FirstOrDefault(r => string.Equals(r, value, StringComparison.OrdinalIgnoreCase));
}
