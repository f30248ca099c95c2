namespace RecAce.Web.Auth;

/// <summary>
/// LDAP / Active Directory sign-in (<c>RecAce:Ldap</c>). Off unless <see cref="Host"/> is set. The
/// service account finds the user and their groups; the user's own bind checks the password.
/// </summary>
public sealed class LdapOptions
{
    public const string SectionName = "RecAce:Ldap";

    public string? Host { get; set; }

    /// <summary>389 for LDAP (StartTLS when <see cref="StartTls"/>), 636 with <see cref="UseSsl"/>.</summary>
    public int Port { get; set; } = 389;

    public bool UseSsl { get; set; }

    public bool StartTls { get; set; }

    /// <summary>The service account's DN (e.g. <c>cn=recace,ou=service,dc=city,dc=example</c>).</summary>
    public string? BindDn { get; set; }

    public string? BindPassword { get; set; }

    /// <summary>Where users are searched, e.g. <c>ou=people,dc=city,dc=example</c>.</summary>
    public string BaseDn { get; set; } = "";

    /// <summary><c>{0}</c> is the escaped user name; AD: <c>(&amp;(objectClass=user)(sAMAccountName={0}))</c>.</summary>
    public string UserFilter { get; set; } = "(uid={0})";

    /// <summary>Where groups are searched; defaults to <see cref="BaseDn"/>.</summary>
    public string? GroupBaseDn { get; set; }

    /// <summary><c>{0}</c> is the user's escaped DN; matches groupOfNames (OpenLDAP) and AD groups.</summary>
    public string GroupFilter { get; set; } = "(|(member={0})(uniqueMember={0}))";

    /// <summary>Group DN or CN to role. With several matches the strongest role wins (Admin, Supervisor, Auditor, Staff).</summary>
    public Dictionary<string, string> GroupRoles { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Directory attribute holding a Staff user's extensions (e.g. <c>telephoneNumber</c>); null for none.</summary>
    public string? ExtensionAttribute { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}
