using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using RecAce.Web.Auth;

namespace RecAce.Web.Tests.Admin;

/// <summary>The Admin's users and API tokens pages: add a Staff user with extensions, reset a password, a token shown once then revoked.</summary>
public sealed partial class UsersAndTokensPagesTests : IDisposable
{
    private readonly RecAceFactory _factory = new();

    [Fact]
    public async Task UsersPage_AdminAddsStaffUserAndResetsPassword_UserSignsInWithNewPassword()
    {
        await TestAccounts.CreateAllAsync(_factory);
        using var admin = await TestAccounts.SignedInAsync(_factory, Roles.Admin);
        var page = await admin.GetStringAsync("/Admin/Users");

        var added = await admin.PostAsync("/Admin/Users?handler=Add", TestAccounts.Form(page,
            ("userName", "窓口 一郎"), ("password", "first password 1"), ("role", "Staff"), ("extensions", "301, 302")));
        Assert.Contains("保存しました。", await added.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var users = _factory.Services.GetRequiredService<UserStore>();
        var user = await users.FindAsync("窓口 一郎", CancellationToken.None);
        Assert.Equal(Roles.Staff, user!.Role);
        Assert.Equal("301,302", user.Extensions);

        await admin.PostAsync("/Admin/Users?handler=Password", TestAccounts.Form(page, ("id", user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("password", "second password 2")));

        Assert.Null(await users.VerifyAsync("窓口 一郎", "first password 1", CancellationToken.None));
        Assert.NotNull(await users.VerifyAsync("窓口 一郎", "second password 2", CancellationToken.None));
    }

    [Fact]
    public async Task TokensPage_CreateShowsTokenOnceThenRevokeEndsIt()
    {
        await TestAccounts.CreateAllAsync(_factory);
        using var admin = await TestAccounts.SignedInAsync(_factory, Roles.Admin);
        var page = await admin.GetStringAsync("/Admin/Tokens");
        var created = await (await admin.PostAsync("/Admin/Tokens?handler=Create", TestAccounts.Form(page, ("name", "監査システム"), ("role", "Auditor"), ("days", "30"), ("userName", "")))).Content.ReadAsStringAsync();
        var token = NewToken().Match(created).Groups[1].Value;
        Assert.StartsWith("rcat_", token, StringComparison.Ordinal);
        Assert.DoesNotContain(token, await admin.GetStringAsync("/Admin/Tokens"), StringComparison.Ordinal);

        using var api = _factory.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/calls")).StatusCode);

        var list = await admin.GetStringAsync("/Admin/Tokens");
        var id = RevokeId().Match(list).Groups[1].Value;
        await admin.PostAsync("/Admin/Tokens?handler=Revoke", TestAccounts.Form(list, ("id", id)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/calls")).StatusCode);
    }

    public void Dispose() => _factory.Dispose();

    [GeneratedRegex("id=\"new-token\">([^<]+)<")]
    private static partial Regex NewToken();

    [GeneratedRegex("name=\"id\" value=\"(\\d+)\"")]
    private static partial Regex RevokeId();
}
