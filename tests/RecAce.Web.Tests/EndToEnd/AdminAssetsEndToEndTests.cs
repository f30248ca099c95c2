using System.Text.RegularExpressions;

namespace RecAce.Web.Tests.EndToEnd;

/// <summary>The admin's CSS and scripts are served by the real binary run from its build folder, not only in Development.</summary>
[Trait("Category", "EndToEnd")]
public sealed partial class AdminAssetsEndToEndTests : IDisposable
{
    private readonly TempDirectory _temp = new("recace-assets");

    [Fact]
    public async Task SignInPage_StylesheetAndScripts_AreServedWithContentToAnonymousVisitors()
    {
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string> { ["RecAce:DataDirectory"] = _temp.Path });
        using var client = host.CreateClient();
        var html = await client.GetStringAsync("/Login");

        var assets = AssetReference().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(assets, a => a.StartsWith("/css/site", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith("/lib/htmx/htmx.min", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            var response = await client.GetAsync(asset);
            Assert.True(response.IsSuccessStatusCode, $"{asset}: {response.StatusCode}");
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100, $"{asset} is empty");
        }
    }

    public void Dispose() => _temp.Dispose();

    [GeneratedRegex("(?:href|src)=\"(/(?:css|js|lib)/[^\"]+)\"")]
    private static partial Regex AssetReference();
}
