namespace RecAce.Web.Tests.Ldap;

/// <summary>An LDAP test: skipped, with the reason, where Debian's slapd and ldap-utils are not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LdapFactAttribute : FactAttribute
{
    public LdapFactAttribute()
    {
        if (!SlapdServer.Available) Skip = "slapd or ldapadd is not installed (Debian packages slapd, ldap-utils)";
    }
}
