using System.Net;
using System.Text.RegularExpressions;
using LinqToDB;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using RecAce.Data;
using RecAce.Data.Entities;
using RecAce.Web.Auth;

namespace RecAce.Web.Tests.Admin;

/// <summary>One user per role (Staff on extension 201), signed in through the real sign-in form.</summary>
internal static partial class TestAccounts
{
    public const string Password = "correct horse battery";
    public const string StaffExtension = "201";

    public static string UserName(string role) => role.ToLowerInvariant() + "1";

    public static async Task CreateAllAsync(RecAceFactory factory)
    {
        var users = factory.Services.GetRequiredService<UserStore>();
        foreach (var role in Roles.All)
        {
            if (await users.FindAsync(UserName(role), CancellationToken.None) is null)
            {
                await users.AddAsync(UserName(role), Password, role, role == Roles.Staff ? StaffExtension : null, "test", CancellationToken.None);
            }
        }
    }

    public static HttpClient Client(RecAceFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static async Task<HttpClient> SignedInAsync(RecAceFactory factory, string role)
    {
        var client = Client(factory);
        var page = await client.GetStringAsync("/Login");
        var response = await client.PostAsync("/Login", Form(page, ("UserName", UserName(role)), ("Password", Password)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public static async Task<Guid> InsertCallAsync(RecAceFactory factory, string extension, string? outsideName = null, CallStatus status = CallStatus.Closed)
    {
        var id = Guid.NewGuid();
        using var db = factory.Services.GetRequiredService<DatabaseFactory>().Open();
        await db.InsertAsync(new CallRow
        {
            Id = id,
            AdapterId = "test",
            OutsideNumber = "0312345678",
            OutsideName = outsideName,
            StaffExtension = extension,
            StartedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            Status = status,
            CreatedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        });
        return id;
    }

    public static FormUrlEncodedContent Form(string page, params (string Key, string Value)[] fields)
    {
        var token = AntiforgeryField().Match(page).Groups[1].Value;
        return new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))
            .Append(new KeyValuePair<string, string>("__RequestVerificationToken", token)));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
