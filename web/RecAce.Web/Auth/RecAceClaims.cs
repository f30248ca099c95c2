using System.Security.Claims;
using RecAce.Data.Entities;

namespace RecAce.Web.Auth;

/// <summary>The claims RecAce puts in a cookie or token identity.</summary>
public static class RecAceClaims
{
    /// <summary>One claim per extension a Staff user may see.</summary>
    public const string Extension = "recace:ext";

    public static ClaimsIdentity Identity(string name, string role, string? extensions, string scheme)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name), new(ClaimTypes.Role, role) };
        claims.AddRange(SplitExtensions(extensions).Select(e => new Claim(Extension, e)));
        return new ClaimsIdentity(claims, scheme);
    }

    public static ClaimsIdentity Identity(UserRow user, string scheme)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Identity(user.UserName, user.Role, user.Extensions, scheme);
    }

    public static IReadOnlyList<string> SplitExtensions(string? extensions) =>
        (extensions ?? "").Split([',', ' ', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
}
