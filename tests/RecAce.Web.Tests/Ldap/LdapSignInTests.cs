using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RecAce.Web.Auth;
using RecAce.Web.Tests.Admin;

namespace RecAce.Web.Tests.Ldap;

/// <summary>Sign-in against a real OpenLDAP: the directory checks the password, groups map to roles.</summary>
[Trait("Category", "Integration")]
public sealed class LdapSignInTests : IAsyncLifetime
{
    private const string Seed = $"""
        dn: {SlapdServer.Suffix}
        objectClass: dcObject
        objectClass: organization
        dc: city
        o: City Hall

        dn: ou=people,{SlapdServer.Suffix}
        objectClass: organizationalUnit
        ou: people

        dn: ou=groups,{SlapdServer.Suffix}
        objectClass: organizationalUnit
        ou: groups

        dn: uid=tanaka,ou=people,{SlapdServer.Suffix}
        objectClass: inetOrgPerson
        uid: tanaka
        cn: Tanaka
        sn: Tanaka
        userPassword: tanaka-directory-pass

        dn: uid=suzuki,ou=people,{SlapdServer.Suffix}
        objectClass: inetOrgPerson
        uid: suzuki
        cn: Suzuki
        sn: Suzuki
        telephoneNumber: 201
        userPassword: suzuki-directory-pass

        dn: uid=nogroup,ou=people,{SlapdServer.Suffix}
        objectClass: inetOrgPerson
        uid: nogroup
        cn: Nogroup
        sn: Nogroup
        userPassword: nogroup-directory-pass

        dn: cn=recace-supervisors,ou=groups,{SlapdServer.Suffix}
        objectClass: groupOfNames
        cn: recace-supervisors
        member: uid=tanaka,ou=people,{SlapdServer.Suffix}

        dn: cn=recace-staff,ou=groups,{SlapdServer.Suffix}
        objectClass: groupOfNames
        cn: recace-staff
        member: uid=suzuki,ou=people,{SlapdServer.Suffix}
        member: uid=tanaka,ou=people,{SlapdServer.Suffix}

        """;

    private SlapdServer? _slapd;
    private RecAceFactory? _factory;

    public async Task InitializeAsync()
    {
        if (!SlapdServer.Available) return;
        _slapd = await SlapdServer.StartAsync(Seed);
        _factory = RecAceFactory.With(new Dictionary<string, string>
        {
            ["RecAce:Ldap:Host"] = "127.0.0.1",
            ["RecAce:Ldap:Port"] = _slapd.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RecAce:Ldap:BindDn"] = SlapdServer.RootDn,
            ["RecAce:Ldap:BindPassword"] = SlapdServer.RootPassword,
            ["RecAce:Ldap:BaseDn"] = "ou=people," + SlapdServer.Suffix,
            ["RecAce:Ldap:GroupBaseDn"] = "ou=groups," + SlapdServer.Suffix,
            ["RecAce:Ldap:GroupRoles:recace-supervisors"] = "Supervisor",
            ["RecAce:Ldap:GroupRoles:recace-staff"] = "Staff",
            ["RecAce:Ldap:ExtensionAttribute"] = "telephoneNumber",
        });
        // A local administrator exists, so the sign-in page is not the first-run wizard.
        await _factory.Services.GetRequiredService<UserStore>().AddAsync("admin", TestAccounts.Password, Roles.Admin, "test", CancellationToken.None);
    }

    [LdapFact]
    public async Task Login_DirectoryUserInTwoMappedGroups_SignsInWithTheStrongerRole()
    {
        using var client = await SignInAsync("tanaka", "tanaka-directory-pass", HttpStatusCode.Redirect);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Plugins")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/Admin/Users")).StatusCode);
        var user = await _factory!.Services.GetRequiredService<UserStore>().FindAsync("tanaka", CancellationToken.None);
        Assert.Equal(Roles.Supervisor, user!.Role);
        Assert.Equal("ldap", user.Source);
    }

    [LdapFact]
    public async Task Login_DirectoryStaffUser_GetsExtensionFromTheDirectoryAndSeesOnlyThoseCalls()
    {
        var own = await TestAccounts.InsertCallAsync(_factory!, "201");
        var other = await TestAccounts.InsertCallAsync(_factory!, "202");
        using var client = await SignInAsync("suzuki", "suzuki-directory-pass", HttpStatusCode.Redirect);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/Calls/Detail/{own}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Calls/Detail/{other}")).StatusCode);
    }

    [LdapFact]
    public async Task Login_WrongDirectoryPassword_IsRefused() =>
        (await SignInAsync("tanaka", "not-the-password", HttpStatusCode.OK)).Dispose();

    [LdapFact]
    public async Task Login_DirectoryUserInNoMappedGroup_IsRefused() =>
        (await SignInAsync("nogroup", "nogroup-directory-pass", HttpStatusCode.OK)).Dispose();

    [LdapFact]
    public async Task Login_FilterCharactersInUserName_AreEscapedAndRefused() =>
        (await SignInAsync("*)(uid=*", "tanaka-directory-pass", HttpStatusCode.OK)).Dispose();

    public async Task DisposeAsync()
    {
        _factory?.Dispose();
        if (_slapd is not null) await _slapd.DisposeAsync();
    }

    private async Task<HttpClient> SignInAsync(string userName, string password, HttpStatusCode expected)
    {
        var client = TestAccounts.Client(_factory!);
        var page = await client.GetStringAsync("/Login");
        var response = await client.PostAsync("/Login", TestAccounts.Form(page, ("UserName", userName), ("Password", password)));
        Assert.Equal(expected, response.StatusCode);
        return client;
    }
}
