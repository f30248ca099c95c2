using System.Net;
using System.Text.Json;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.DependencyInjection;
using RecAce.Core.Storage;
using RecAce.Data;
using RecAce.Web.Auth;
using RecAce.Web.Tests.Admin;
using RecAce.Web.Tests.Browser;

namespace RecAce.Web.Tests.Retention;

/// <summary>A recordings quota smaller than what is stored: /healthz is Degraded with the reason, the dashboard warns, the audit trail has it once.</summary>
public sealed class StorageWarningTests : IDisposable
{
    private readonly RecAceFactory _factory = RecAceFactory.With(new Dictionary<string, string>
    {
        ["RecAce:Storage:RecordingsQuotaBytes"] = "1000",
        ["RecAce:Storage:LowFreeSpaceMb"] = "1",
    });

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task CheckAsync_RecordingsOverQuota_HealthDegradedDashboardWarnsAuditedOnce()
    {
        await TestAccounts.CreateAllAsync(_factory);
        var monitor = _factory.Services.GetRequiredService<StorageMonitor>();
        var idle = await monitor.CheckAsync(CancellationToken.None);
        Assert.True(idle.Ok, idle.Summary);

        await TestRecordings.InsertFinalizedCallAsync(_factory, "201");
        var over = await monitor.CheckAsync(CancellationToken.None);
        await monitor.CheckAsync(CancellationToken.None);
        Assert.True(over.QuotaExceeded, over.Summary);

        using var client = TestAccounts.Client(_factory);
        using var health = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var json = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        Assert.Equal("Degraded", json.RootElement.GetProperty("status").GetString());
        var part = json.RootElement.GetProperty("parts").GetProperty("storage");
        Assert.Equal("Degraded", part.GetProperty("status").GetString());
        Assert.Contains("over the quota of 1000 bytes", part.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var admin = await TestAccounts.SignedInAsync(_factory, Roles.Supervisor);
        var dashboard = await admin.GetStringAsync("/");
        Assert.Contains("id=\"storage-warning\"", dashboard, StringComparison.Ordinal);
        Assert.Contains("over the quota of 1000 bytes", dashboard, StringComparison.Ordinal);
        using var staff = await TestAccounts.SignedInAsync(_factory, Roles.Staff);
        Assert.DoesNotContain("storage-warning", await staff.GetStringAsync("/"), StringComparison.Ordinal);

        using var db = _factory.Services.GetRequiredService<DatabaseFactory>().Open();
        Assert.Equal(1, await db.AuditEvents.CountAsync(a => a.Action == "storage.warning"));
    }

    [Fact]
    public async Task CheckAsync_BackUnderQuota_HealthyAgainAndAuditedOnce()
    {
        var id = await TestRecordings.InsertFinalizedCallAsync(_factory, "201");
        var monitor = _factory.Services.GetRequiredService<StorageMonitor>();
        Assert.False((await monitor.CheckAsync(CancellationToken.None)).Ok);
        using (var db = _factory.Services.GetRequiredService<DatabaseFactory>().Open())
        {
            await db.Calls.Where(c => c.Id == id).Set(c => c.Status, Data.Entities.CallStatus.Deleted).UpdateAsync();
        }

        Assert.True((await monitor.CheckAsync(CancellationToken.None)).Ok);
        Assert.True((await monitor.CheckAsync(CancellationToken.None)).Ok);
        using var check = _factory.Services.GetRequiredService<DatabaseFactory>().Open();
        Assert.Equal(1, await check.AuditEvents.CountAsync(a => a.Action == "storage.ok"));
    }
}
