using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using RecAce.Web.Auth;
using RecAce.Web.Hosting;

namespace RecAce.Web.Tests.Admin;

/// <summary>The keys behind sign-in cookies are kept in the data folder, so a restart signs nobody out.</summary>
public sealed class SessionAcrossRestartTests
{
    [Fact]
    public async Task SignInCookie_HostRestartedOnTheSameDataFolder_StillSignedIn()
    {
        using var data = new TempDirectory("recace-restart");
        var settings = new Dictionary<string, string> { ["RecAce:DataDirectory"] = data.Path };
        string cookie;
        using (var first = RecAceFactory.With(settings))
        {
            await TestAccounts.CreateAllAsync(first);
            using var client = first.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            var login = await client.GetAsync("/Login");
            var antiforgeryCookie = string.Join("; ", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
            using var post = new HttpRequestMessage(HttpMethod.Post, "/Login")
            {
                Content = TestAccounts.Form(await login.Content.ReadAsStringAsync(), ("UserName", TestAccounts.UserName(Roles.Supervisor)), ("Password", TestAccounts.Password)),
            };
            post.Headers.Add("Cookie", antiforgeryCookie);
            var signedIn = await client.SendAsync(post);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            cookie = signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("recace.auth=", StringComparison.Ordinal));
        }

        Assert.NotEmpty(Directory.GetFiles(Path.Combine(data.Path, DataProtectionKeys.FolderName), "key-*.xml"));
        using var second = RecAceFactory.With(settings);
        using var again = second.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Calls");
        request.Headers.Add("Cookie", cookie);

        var response = await again.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
