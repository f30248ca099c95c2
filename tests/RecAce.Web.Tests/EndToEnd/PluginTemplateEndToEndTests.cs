using System.Net.Http.Json;
using System.Text.Json;

namespace RecAce.Web.Tests.EndToEnd;

/// <summary>
/// The vendor's path, for real: the contract and the conformance kit packed as NuGet packages, a
/// plugin made from the <c>recace-plugin</c> template, its conformance tests run, and the plugin
/// published into a plugins folder and loaded by the real host.
/// </summary>
[Trait("Category", "Sdk")]
[Collection(HeavyBuildCollection.Name)]
public sealed class PluginTemplateEndToEndTests : IDisposable
{
    private const string PackageVersion = "1.0.0-sdktest";
    private readonly TempDirectory _temp = new("recace-sdk");

    [Fact]
    public async Task PluginFromTemplate_BuildsPassesConformanceKitAndLoadsInHost()
    {
        var feed = _temp.Combine("feed");
        foreach (var packable in new[] { "core/RecAce.Plugins.Abstractions/RecAce.Plugins.Abstractions.csproj", "core/RecAce.Plugins.Testing/RecAce.Plugins.Testing.csproj" })
        {
            await RunAsync("dotnet", RepoPaths.Root, "pack", packable, "-c", "Release", "-o", feed, $"-p:PackageVersion={PackageVersion}", "--nologo");
        }

        var hive = _temp.Combine("template-hive");
        var work = _temp.Combine("vendor");
        Directory.CreateDirectory(work);
        await RunAsync("dotnet", work, "new", "install", Path.Combine(RepoPaths.Root, "packaging", "templates", "recace-plugin"), "--debug:custom-hive", hive);
        await RunAsync("dotnet", work, "new", "recace-plugin", "-n", "Contoso.Pbx", "--PluginId", "ContosoPbx", "--ContractVersion", PackageVersion, "--debug:custom-hive", hive);
        var project = Path.Combine(work, "Contoso.Pbx");
        await File.WriteAllTextAsync(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="recace-local" value="{feed}" />
              </packageSources>
            </configuration>
            """);

        var tests = await RunAsync("dotnet", project, "test", Path.Combine("tests", "Contoso.Pbx.Tests", "Contoso.Pbx.Tests.csproj"), "--nologo");
        Assert.Contains("Passed!", tests, StringComparison.Ordinal);

        var plugins = _temp.Combine("plugins");
        await RunAsync("dotnet", project, "publish", Path.Combine("src", "Contoso.Pbx", "Contoso.Pbx.csproj"), "-c", "Release", "-o", Path.Combine(plugins, "ContosoPbx"), "--nologo");
        Assert.False(File.Exists(Path.Combine(plugins, "ContosoPbx", "RecAce.Plugins.Abstractions.dll")), "a plugin must not ship the contract");

        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["RecAce:DataDirectory"] = _temp.Combine("data"),
            ["RecAce:PluginsDirectory"] = plugins,
            ["Plugins:ContosoPbx:Enabled"] = "true",
            ["Plugins:ContosoPbx:Path"] = _temp.Combine("drop"),
        });
        using var client = host.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string? state = null;
        while (DateTime.UtcNow < deadline && state != "Active")
        {
            var health = await client.GetFromJsonAsync<JsonElement>("/healthz");
            state = health.GetProperty("parts").GetProperty("plugins").EnumerateArray()
                .Where(p => p.GetProperty("id").GetString() == "ContosoPbx").Select(p => p.GetProperty("status").GetString()).FirstOrDefault();
            await Task.Delay(200);
        }

        Assert.True(state == "Active", $"the plugin is {state ?? "absent"}:\n{host.Log}");
    }

    public void Dispose() => _temp.Dispose();

    private static Task<string> RunAsync(string exe, string workingDirectory, params string[] args) =>
        ExternalTools.RunCheckedAsync(exe, workingDirectory, TimeSpan.FromMinutes(5), args);
}
