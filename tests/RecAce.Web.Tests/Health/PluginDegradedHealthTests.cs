using System.Net;
using System.Text.Json;
using RecAce.Web.Auth;
using RecAce.Web.Tests.Admin;

namespace RecAce.Web.Tests.Health;

/// <summary>
/// A compiled plugin that reports Degraded health (as the in-line recorder does when it cannot record):
/// the plugin is Degraded in /healthz, the overall status is Degraded (HTTP 200, as for any degraded part),
/// the admin's plugin list says so, and all is Active/Healthy again once the plugin reports healthy.
/// </summary>
public sealed class PluginDegradedHealthTests : IDisposable
{
    private readonly TempDirectory _temp = new("recace-health");
    private readonly RecAceFactory _factory;

    public PluginDegradedHealthTests()
    {
        var plugins = _temp.Combine("plugins");
        var from = Path.Combine(AppContext.BaseDirectory, "testplugins", "HealthFile");
        Directory.CreateDirectory(Path.Combine(plugins, "HealthFile"));
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(plugins, "HealthFile", Path.GetFileName(file)));
        _factory = RecAceFactory.With(new Dictionary<string, string>
        {
            ["RecAce:PluginsDirectory"] = plugins,
            ["RecAce:PluginHost:HealthCheckIntervalSeconds"] = "0.1",
            ["Plugins:HealthFile:Enabled"] = "true",
        });
    }

    [Fact]
    public async Task Healthz_PluginReportsDegradedThenHealthy_DegradedOverallAndInAdminThenActive()
    {
        await TestAccounts.CreateAllAsync(_factory);
        var healthFile = Path.Combine(_factory.DataDirectory, "plugins", "HealthFile", "health.txt");
        using var anonymous = _factory.CreateClient();
        await WaitForPluginAsync(anonymous, "Active");
        var overallBefore = await OverallAsync(anonymous);
        Assert.True(overallBefore == ("Healthy", HttpStatusCode.OK), $"the host must be healthy before the plugin degrades it: {overallBefore}");

        await File.WriteAllTextAsync(healthFile, "Degraded: Recording failed: spool not writable");
        var degraded = await WaitForPluginAsync(anonymous, "Degraded");

        Assert.Equal("Recording failed: spool not writable", degraded.GetProperty("detail").GetString());
        var (status, code) = await OverallAsync(anonymous);
        Assert.Equal(("Degraded", HttpStatusCode.OK), (status, code));
        using (var supervisor = await TestAccounts.SignedInAsync(_factory, Roles.Supervisor))
        {
            var page = await supervisor.GetStringAsync("/Plugins");
            Assert.Contains("class=\"status-Degraded\">機能低下", page, StringComparison.Ordinal);
            Assert.Contains("Recording failed: spool not writable", page, StringComparison.Ordinal);
        }

        File.Delete(healthFile);
        var active = await WaitForPluginAsync(anonymous, "Active");

        Assert.Equal(JsonValueKind.Null, active.GetProperty("detail").ValueKind);
        Assert.Equal(overallBefore, await OverallAsync(anonymous));
    }

    private static async Task<(string? Status, HttpStatusCode Code)> OverallAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (json.RootElement.GetProperty("status").GetString(), response.StatusCode);
    }

    private static async Task<JsonElement> WaitForPluginAsync(HttpClient client, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string? last = null;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var plugin = json.RootElement.GetProperty("parts").GetProperty("plugins").EnumerateArray()
                .FirstOrDefault(p => p.GetProperty("id").GetString() == "HealthFile");
            last = plugin.ValueKind == JsonValueKind.Undefined ? null : plugin.GetRawText();
            if (plugin.ValueKind != JsonValueKind.Undefined && plugin.GetProperty("status").GetString() == state)
                return plugin.Clone();
            await Task.Delay(100);
        }

        throw new TimeoutException($"The plugin did not become {state}; last: {last}");
    }

    public void Dispose()
    {
        _factory.Dispose();
        _temp.Dispose();
    }
}
