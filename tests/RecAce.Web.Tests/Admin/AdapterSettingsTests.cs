using System.Net;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RecAce.Core.Plugins;
using RecAce.Data;
using RecAce.Plugins;
using RecAce.Web.Auth;
using RecAce.Web.Settings;

namespace RecAce.Web.Tests.Admin;

/// <summary>Adapter settings from the schema a plugin declares: saved by an Admin, secrets never echoed, applied at the next start.</summary>
public sealed class AdapterSettingsTests : IDisposable
{
    private const string Secret = "pbx-api-secret-0123";
    private readonly RecAceFactory _factory = new();

    [Fact]
    public async Task SettingsPage_AdminSavesSecret_NotEchoedNotAuditedAndOverlaidAtNextStart()
    {
        await TestAccounts.CreateAllAsync(_factory);
        _factory.Services.GetRequiredService<PluginRegistry>().PublishSettings("Demo",
        [
            new SettingDescriptor("Host", "ホスト", "Host", SettingKind.Text, "127.0.0.1", Required: true),
            new SettingDescriptor("ApiKey", "APIキー", "API key", SettingKind.Text, Secret: true),
        ]);
        using var admin = await TestAccounts.SignedInAsync(_factory, Roles.Admin);
        var page = await admin.GetStringAsync("/Admin/Settings");
        Assert.Contains("APIキー", page, StringComparison.Ordinal);

        var saved = await admin.PostAsync("/Admin/Settings?handler=Adapter", TestAccounts.Form(page, ("pluginId", "Demo"), ("s:Host", "10.0.0.5"), ("s:ApiKey", Secret)));
        var html = await saved.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains("10.0.0.5", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, html, StringComparison.Ordinal);
        using (var db = _factory.Services.GetRequiredService<DatabaseFactory>().Open())
        {
            Assert.False(await db.AuditEvents.AnyAsync(e => e.Detail != null && e.Detail.Contains(Secret)));
            Assert.True(await db.AuditEvents.AnyAsync(e => e.Action == "setting.change" && e.Detail!.Contains("ApiKey=(secret changed)")));
        }

        var next = new ConfigurationManager();
        next["RecAce:DataDirectory"] = _factory.DataDirectory;
        foreach (var (key, value) in _factory.DatabaseSettings) next[key] = value;
        AdapterSettingsOverlay.Apply(next);
        Assert.Equal("10.0.0.5", next["Plugins:Demo:Host"]);
        Assert.Equal(Secret, next["Plugins:Demo:ApiKey"]);
    }

    [Fact]
    public async Task SettingsPost_Auditor_IsForbiddenAndNothingChanges()
    {
        await TestAccounts.CreateAllAsync(_factory);
        _factory.Services.GetRequiredService<PluginRegistry>().PublishSettings("Demo", [new SettingDescriptor("Host", "ホスト", "Host", SettingKind.Text)]);
        using var auditor = await TestAccounts.SignedInAsync(_factory, Roles.Auditor);
        var page = await auditor.GetStringAsync("/Calls");

        var response = await auditor.PostAsync("/Admin/Settings?handler=Adapter", TestAccounts.Form(page, ("pluginId", "Demo"), ("s:Host", "evil")));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var db = _factory.Services.GetRequiredService<DatabaseFactory>().Open();
        Assert.Equal(0, await db.AdapterSettings.CountAsync());
    }

    [Fact]
    public async Task ReviewPost_WithoutAntiforgeryToken_IsRejected()
    {
        await TestAccounts.CreateAllAsync(_factory);
        var id = await TestAccounts.InsertCallAsync(_factory, "201");
        using var supervisor = await TestAccounts.SignedInAsync(_factory, Roles.Supervisor);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/Calls/Review/{id}?handler=Hold")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["On"] = "true", ["Reason"] = "x" }),
        };
        request.Headers.Add("HX-Request", "true");

        var response = await supervisor.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    public void Dispose() => _factory.Dispose();
}
