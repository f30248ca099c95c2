using Microsoft.Playwright;

namespace RecAce.Web.Tests.Browser;

/// <summary>
/// Debian's chromium driven by Playwright, shared by the browser tests. No browser is downloaded:
/// the system binary is used; Playwright gives each launch a fresh profile folder.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private IPlaywright? _playwright;

    public static bool Available => File.Exists(ChromiumPath);

    public static string SkipReason => Available ? "" : ChromiumPath + " is not installed (Debian package chromium)";

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots are kept as test artefacts.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        if (!Available) return;
        Directory.CreateDirectory(ScreenshotFolder);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--autoplay-policy=no-user-gesture-required",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }

    /// <summary>A new context (own cookies) at desktop width, Japanese.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress, int width = 1280)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = width < 600 ? 844 : 900 },
            Locale = "ja-JP",
        });
        // 60 s rather than Playwright's 30 s for navigations and waits: the first page of a run
        // pays for the host's first requests (JIT, Razor, the first-run wizard's password hash)
        // and once took longer than 30 s on a loaded CI machine.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        return await context.NewPageAsync();
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        foreach (var width in new[] { 390, 1280 })
        {
            await page.SetViewportSizeAsync(width, width < 600 ? 844 : 900);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, $"{name}-{width}.png"), FullPage = true });
        }
    }
}
