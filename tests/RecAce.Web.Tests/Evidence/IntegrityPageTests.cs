using System.Net;
using System.Text.Json;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.DependencyInjection;
using RecAce.Data;
using RecAce.Web.Auth;
using RecAce.Web.Tests.Admin;

namespace RecAce.Web.Tests.Evidence;

/// <summary>The integrity page and /healthz show the last verification; "verify now" runs the job and audits it.</summary>
[Trait("Category", "Integration")]
public sealed class IntegrityPageTests : IDisposable
{
    private readonly RecAceFactory _factory = new();

    [Fact]
    public async Task VerifyNow_PostWithAntiforgery_RunsAuditsAndShowsInHealthz()
    {
        _ = _factory.Server;
        await TestAccounts.CreateAllAsync(_factory);
        await SealedCalls.RecordAsync(_factory, "0311112222", "201");
        using var client = await TestAccounts.SignedInAsync(_factory, Roles.Auditor);

        var before = await HealthAsync(client);
        Assert.Equal("NotConfigured", before.GetProperty("status").GetString());

        var page = await client.GetStringAsync("/Integrity");
        Assert.Contains("まだ検証されていません", page, StringComparison.Ordinal);
        // Without the antiforgery token the POST is refused.
        using (var bare = await client.PostAsync("/Integrity?handler=Verify", new FormUrlEncodedContent([])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
        }

        using var posted = await client.PostAsync("/Integrity?handler=Verify", TestAccounts.Form(page));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);

        var db = _factory.Services.GetRequiredService<DatabaseFactory>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            using var c = db.Open();
            if (await c.IntegrityRuns.AnyAsync()) break;
            await Task.Delay(100);
        }

        using (var c = db.Open())
        {
            var run = await c.IntegrityRuns.SingleAsync();
            Assert.True(run.Intact, run.Problems);
            Assert.Equal(TestAccounts.UserName(Roles.Auditor), run.Actor);
            Assert.True(await c.AuditEvents.AnyAsync(e => e.Action == "integrity.verify" && e.Actor == run.Actor && e.Detail!.StartsWith("intact: 1 calls")));
        }

        var after = await HealthAsync(client);
        Assert.Equal("Healthy", after.GetProperty("status").GetString());
        Assert.Contains("intact, 1 calls", after.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("改ざんなし", await client.GetStringAsync("/Integrity"), StringComparison.Ordinal);
    }

    public void Dispose() => _factory.Dispose();

    private static async Task<JsonElement> HealthAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/healthz");
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("parts").GetProperty("integrity");
    }
}
