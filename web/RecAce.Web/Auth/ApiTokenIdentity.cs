namespace RecAce.Web.Auth;

/// <summary>A valid API token: its label, role, and the user it acts for (if any).</summary>
public sealed record ApiTokenIdentity(string Name, string Role, string? UserName);
