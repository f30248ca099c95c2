using Microsoft.AspNetCore.Mvc.RazorPages;
using RecAce.Web.Auth;

namespace RecAce.Web.Hosting;

/// <summary>The policy of every Razor page, in one place. A page not named here gets only the fallback (signed in).</summary>
internal static class PagePolicies
{
    public static void Apply(RazorPagesOptions o)
    {
        o.Conventions.AllowAnonymousToPage("/Login");
        o.Conventions.AllowAnonymousToPage("/Setup");
        o.Conventions.AuthorizePage("/Index", Policies.Calls);
        o.Conventions.AuthorizePage("/Logout", Policies.Calls);
        o.Conventions.AuthorizeFolder("/Calls", Policies.Calls);
        o.Conventions.AuthorizePage("/Calls/Review", Policies.Review);
        o.Conventions.AuthorizePage("/Calls/Disclosure", Policies.Oversight);
        o.Conventions.AuthorizeFolder("/Account", Policies.Calls);
        o.Conventions.AuthorizePage("/Plugins", Policies.Oversight);
        o.Conventions.AuthorizeFolder("/Audit", Policies.Audit);
        o.Conventions.AuthorizeFolder("/Integrity", Policies.Audit);
        o.Conventions.AuthorizeFolder("/Admin", Policies.Admin);
        o.Conventions.AuthorizeFolder("/Incidents", Policies.Oversight);
        o.Conventions.AuthorizePage("/Incidents/Create", Policies.Review);
        o.Conventions.AuthorizeFolder("/Callers", Policies.Oversight);
        o.Conventions.AuthorizePage("/Callers/WatchList", Policies.Review);
        o.Conventions.AuthorizeFolder("/Reports", Policies.Oversight);
    }
}
