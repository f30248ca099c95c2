using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using RecAce.Web.Auth;

namespace RecAce.Web.Tests.Admin;

/// <summary>Sign-in limits: the rate limiter on POST /Login, disabled accounts, TOTP codes used once.</summary>
public sealed class SignInSecurityTests : IDisposable
{
    private readonly RecAceFactory _factory = new();

    [Fact]
    public async Task LoginPost_MoreThanTheLimitPerMinute_Returns429()
    {
        await TestAccounts.CreateAllAsync(_factory);
        using var client = TestAccounts.Client(_factory);
        var page = await client.GetStringAsync("/Login");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            var response = await client.PostAsync("/Login", TestAccounts.Form(page, ("UserName", "nobody"), ("Password", "wrong password!!")));
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses.Take(10), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task DisabledUser_CannotSignInAndExistingSessionEnds()
    {
        await TestAccounts.CreateAllAsync(_factory);
        using var session = await TestAccounts.SignedInAsync(_factory, Roles.Supervisor);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/Calls")).StatusCode);
        var users = _factory.Services.GetRequiredService<UserStore>();
        var user = await users.FindAsync(TestAccounts.UserName(Roles.Supervisor), CancellationToken.None);
        await users.UpdateAsync(user!.Id, Roles.Supervisor, null, disabled: true, "test", null, CancellationToken.None);

        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/Calls")).StatusCode);
        using var again = TestAccounts.Client(_factory);
        var page = await again.GetStringAsync("/Login");
        var response = await again.PostAsync("/Login", TestAccounts.Form(page, ("UserName", TestAccounts.UserName(Roles.Supervisor)), ("Password", TestAccounts.Password)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task VerifyTotp_SameCodeTwice_IsAcceptedOnce()
    {
        await TestAccounts.CreateAllAsync(_factory);
        var users = _factory.Services.GetRequiredService<UserStore>();
        var secret = TotpCodes.NewSecret();
        await users.SetTotpAsync(TestAccounts.UserName(Roles.Staff), secret, "test", null, CancellationToken.None);
        var code = TotpCodes.Compute(secret, DateTimeOffset.UtcNow);

        Assert.True(await users.VerifyTotpAsync(TestAccounts.UserName(Roles.Staff), code, CancellationToken.None));
        Assert.False(await users.VerifyTotpAsync(TestAccounts.UserName(Roles.Staff), code, CancellationToken.None));
    }

    public void Dispose() => _factory.Dispose();
}
