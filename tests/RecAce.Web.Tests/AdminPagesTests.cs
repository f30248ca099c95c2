using System.Net;
using System.Text.RegularExpressions;
using LinqToDB;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using RecAce.Data;
using RecAce.Data.Entities;

namespace RecAce.Web.Tests;

/// <summary>The admin pages in process: nothing is reachable signed out, the first-run wizard, sign-in, encoding.</summary>
public sealed partial class AdminPagesTests : IDisposable
{
    private const string Password = "correct horse battery";
    private readonly RecAceFactory _factory = new();

    [Theory]
    [InlineData("/")]
    [InlineData("/Calls")]
    [InlineData("/Plugins")]
    [InlineData("/Calls/Detail/0b7f5f0e-5d2e-4a55-9c55-0c0e0e0e0e0e")]
    public async Task Get_SignedOut_RedirectsToSignIn(string path)
    {
        using var client = NoRedirects();
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Login", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_NoUserYet_SendsToFirstRunWizardThatCreatesAdminOnce()
    {
        using var client = NoRedirects();
        var login = await client.GetAsync("/Login");
        Assert.Equal("/Setup", login.Headers.Location?.OriginalString);

        await CreateFirstAdminAsync(client);

        // The wizard is gone once an administrator exists.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Setup")).StatusCode);
    }

    [Fact]
    public async Task Setup_PostWithoutAntiforgeryToken_IsRejected()
    {
        using var client = NoRedirects();
        var response = await client.PostAsync("/Setup", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "admin",
            ["Password"] = Password,
            ["Confirm"] = Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Setup_ShortPassword_IsRefusedInJapanese()
    {
        using var client = NoRedirects();
        var page = await client.GetStringAsync("/Setup");
        var response = await client.PostAsync("/Setup", Form(page, ("UserName", "admin"), ("Password", "short"), ("Confirm", "short")));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("パスワードは12文字以上にしてください。", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallsPage_CallerNameWithScript_IsShownAsInertText()
    {
        using var client = NoRedirects();
        await CreateFirstAdminAsync(client);
        await SignInAsync(client);
        using (var db = _factory.Services.GetRequiredService<DatabaseFactory>().Open())
        {
            await db.InsertAsync(new CallRow
            {
                Id = Guid.NewGuid(),
                AdapterId = "test",
                OutsideNumber = "0312345678",
                OutsideName = "<script>alert('x')</script>",
                StartedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                Status = CallStatus.Closed,
            });
        }

        var html = await client.GetStringAsync("/Calls");

        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(", html, StringComparison.Ordinal);
        Assert.Contains("通話一覧", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallsRows_HtmxPartial_ReturnsOnlyTheTable()
    {
        using var client = NoRedirects();
        await CreateFirstAdminAsync(client);
        await SignInAsync(client);
        var html = await client.GetStringAsync("/Calls?handler=Rows&Number=0312");
        Assert.Contains("<table>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<html", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WrongPassword_IsRefused()
    {
        using var client = NoRedirects();
        await CreateFirstAdminAsync(client);
        var page = await client.GetStringAsync("/Login");
        var response = await client.PostAsync("/Login", Form(page, ("UserName", "admin"), ("Password", "wrong password!!")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Calls")).StatusCode);
    }

    [Fact]
    public async Task Culture_English_SwitchesTheSignInPage()
    {
        using var client = NoRedirects();
        await CreateFirstAdminAsync(client);
        await client.GetAsync("/Culture?c=en&returnUrl=/Login");
        var html = await client.GetStringAsync("/Login");
        Assert.Contains("Sign in", html, StringComparison.Ordinal);
        Assert.DoesNotContain("ログイン", html, StringComparison.Ordinal);
    }

    public void Dispose() => _factory.Dispose();

    private HttpClient NoRedirects() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task CreateFirstAdminAsync(HttpClient client)
    {
        var page = await client.GetStringAsync("/Setup");
        var response = await client.PostAsync("/Setup", Form(page, ("UserName", "admin"), ("Password", Password), ("Confirm", Password)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private static async Task SignInAsync(HttpClient client)
    {
        var page = await client.GetStringAsync("/Login");
        var response = await client.PostAsync("/Login", Form(page, ("UserName", "admin"), ("Password", Password)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private static FormUrlEncodedContent Form(string page, params (string Key, string Value)[] fields)
    {
        var token = AntiforgeryField().Match(page).Groups[1].Value;
        return new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))
            .Append(new KeyValuePair<string, string>("__RequestVerificationToken", token)));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
