namespace RecAce.Web.Auth;

/// <summary>Who may do what. Only Admin exists in practice until the users issue; the names are fixed now.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Supervisor = "Supervisor";
    public const string Auditor = "Auditor";
    public const string Staff = "Staff";

    public static readonly string[] All = [Admin, Supervisor, Auditor, Staff];

    public static string? Parse(string value) => All.FirstOrDefault(r => string.Equals(r, value, StringComparison.OrdinalIgnoreCase));
}
