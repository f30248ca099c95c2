using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using RecAce.Web.Auth;

namespace RecAce.Web.Hosting;

/// <summary>
/// Re-reads the user on each request: a disabled account is signed out at once, and a changed role
/// or extension list takes effect without waiting for the cookie to expire.
/// </summary>
internal static class UserSessionValidator
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext ctx)
    {
        var name = ctx.Principal?.Identity?.Name;
        if (name is null) return;
        var user = await ctx.HttpContext.RequestServices.GetRequiredService<UserStore>().FindAsync(name, ctx.HttpContext.RequestAborted);
        if (user is null || user.Disabled)
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        var identity = RecAceClaims.Identity(user, CookieAuthenticationDefaults.AuthenticationScheme);
        if (!SameClaims(ctx.Principal!, identity))
        {
            ctx.ReplacePrincipal(new ClaimsPrincipal(identity));
            ctx.ShouldRenew = true;
        }
    }

    private static bool SameClaims(ClaimsPrincipal current, ClaimsIdentity fresh) =>
        current.Claims.Select(c => c.Type + "=" + c.Value).Order(StringComparer.Ordinal)
            .SequenceEqual(fresh.Claims.Select(c => c.Type + "=" + c.Value).Order(StringComparer.Ordinal));
}
