using System.Collections.Concurrent;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RecAce.Data;
using RecAce.Web.Auth;
using RecAce.Web.Tests.Admin;

namespace RecAce.Web.Tests.Browser;

/// <summary>The admin in Debian's chromium against the real host on Kestrel, as its users work in it.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class AdminBrowserTests : IDisposable
{
    private readonly BrowserFixture _browser;
    private readonly RecAceFactory _factory = RecAceFactory.With(kestrel: true);

    public AdminBrowserTests(BrowserFixture browser)
    {
        _browser = browser;
        if (BrowserFixture.Available) _factory.StartServer();
    }

    [BrowserFact]
    public async Task FirstRun_WizardCreatesAdmin_ThenSignInWithoutTotpShowsLiveDashboard()
    {
        var page = await _browser.NewPageAsync(_factory.KestrelAddress);
        await page.GotoAsync("/");
        await page.WaitForURLAsync("**/Setup");
        await BrowserFixture.ScreenshotAsync(page, "setup");
        await page.FillAsync("input[name=UserName]", "admin");
        await page.FillAsync("input[name=Password]", TestAccounts.Password);
        await page.FillAsync("input[name=Confirm]", TestAccounts.Password);
        await page.ClickAsync("form button[type=submit]");
        await page.WaitForURLAsync("**/Login");

        await SignInFlow.SignInAsync(page, "admin");

        await page.WaitForSelectorAsync("#calls-today");
        Assert.Equal("ダッシュボード", await page.InnerTextAsync("h1"));
        Assert.Equal("0", await page.InnerTextAsync("#open-calls"));

        // A call starts: the live block polls and shows it without a reload.
        await TestAccounts.InsertCallAsync(_factory, "601", "通話中の市民", RecAce.Data.Entities.CallStatus.Recording);
        await page.WaitForFunctionAsync("() => document.querySelector('#open-calls').innerText === '1'", null, new PageWaitForFunctionOptions { Timeout = 15000 });
        Assert.Contains("通話中の市民", await page.InnerTextAsync("#live-calls"), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "dashboard");
    }

    [BrowserFact]
    public async Task SignIn_WithTotpEnrolled_AsksForTheCodeThenSignsIn()
    {
        await TestAccounts.CreateAllAsync(_factory);
        var secret = TotpCodes.NewSecret();
        await _factory.Services.GetRequiredService<UserStore>().SetTotpAsync(TestAccounts.UserName(Roles.Auditor), secret, "test", null, CancellationToken.None);
        var page = await _browser.NewPageAsync(_factory.KestrelAddress);

        await SignInFlow.SignInAsync(page, TestAccounts.UserName(Roles.Auditor));
        await page.WaitForSelectorAsync("input[name=Code]");
        await BrowserFixture.ScreenshotAsync(page, "signin-code");
        await page.FillAsync("input[name=Code]", TotpCodes.Compute(secret, DateTimeOffset.UtcNow));
        await page.ClickAsync("form button[type=submit]");

        await page.WaitForSelectorAsync("#calls-today");
        Assert.Contains(TestAccounts.UserName(Roles.Auditor), await page.InnerTextAsync("header .user"), StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task Search_ByNumber_ShowsMatchingCallsAndScriptCallerNameAsInertText()
    {
        await TestAccounts.CreateAllAsync(_factory);
        const string hostile = "<script>alert('x')</script><img src=x onerror=alert(2)>";
        await TestAccounts.InsertCallAsync(_factory, "301", hostile);
        await TestAccounts.InsertCallAsync(_factory, "302", "山田 太郎");
        using (var db = _factory.Services.GetRequiredService<DatabaseFactory>().Open())
        {
            await db.Calls.Where(c => c.StaffExtension == "302").Set(c => c.OutsideNumber, "0899999999").UpdateAsync();
        }

        var page = await _browser.NewPageAsync(_factory.KestrelAddress);
        var dialogs = 0;
        page.Dialog += (_, d) =>
        {
            dialogs++;
            _ = d.DismissAsync();
        };
        await SignInFlow.SignInAsync(page, TestAccounts.UserName(Roles.Supervisor));
        await page.WaitForSelectorAsync("#calls-today");
        await page.GotoAsync("/Calls");
        await page.FillAsync("input[name=Number]", "0312");
        await page.ClickAsync("form.filters button[type=submit]");
        await page.WaitForFunctionAsync("() => !document.querySelector('#call-rows').innerText.includes('0899999999')");

        var rows = await page.InnerTextAsync("#call-rows");
        Assert.Contains(hostile, rows, StringComparison.Ordinal);
        Assert.DoesNotContain("山田", rows, StringComparison.Ordinal);
        Assert.Equal(0, dialogs);
        Assert.Equal(0, await page.Locator("#call-rows script, #call-rows img").CountAsync());
        Assert.Contains("Number=0312", page.Url, StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "calls-search");
    }

    [BrowserFact]
    public async Task Playback_PlayButton_AudioElementReceives206AndWaveformLoads()
    {
        await TestAccounts.CreateAllAsync(_factory);
        var id = await TestRecordings.InsertFinalizedCallAsync(_factory, "401", "テスト 花子");
        var page = await _browser.NewPageAsync(_factory.KestrelAddress);
        var audioStatuses = new ConcurrentBag<int>();
        page.Response += (_, r) =>
        {
            if (r.Url.Contains("/audio", StringComparison.Ordinal)) audioStatuses.Add(r.Status);
        };
        await SignInFlow.SignInAsync(page, TestAccounts.UserName(Roles.Auditor));
        await page.WaitForSelectorAsync("#calls-today");

        await page.GotoAsync($"/Calls/Detail/{id}");
        await page.EvalOnSelectorAsync("#call-audio", "a => a.play()");
        await page.WaitForFunctionAsync("() => document.querySelector('#call-audio').currentTime > 0.2", null, new PageWaitForFunctionOptions { Timeout = 15000 });
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('img.waveform'); return i.complete && i.naturalWidth > 0; }", null, new PageWaitForFunctionOptions { Timeout = 30000 });
        await page.ClickAsync("button[data-solo=staff]");
        Assert.Equal("true", await page.GetAttributeAsync("button[data-solo=staff]", "aria-pressed"));

        Assert.Contains(206, audioStatuses);
        await BrowserFixture.ScreenshotAsync(page, "call-detail");
        using var db = _factory.Services.GetRequiredService<DatabaseFactory>().Open();
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Action == "recording.play" && e.Target == id.ToString() && e.Actor == TestAccounts.UserName(Roles.Auditor)));
    }

    [BrowserFact]
    public async Task LegalHold_SupervisorPlacesHoldWithReason_IsShownStoredAndAudited()
    {
        await TestAccounts.CreateAllAsync(_factory);
        var id = await TestAccounts.InsertCallAsync(_factory, "501", "佐藤");
        var page = await _browser.NewPageAsync(_factory.KestrelAddress);
        await SignInFlow.SignInAsync(page, TestAccounts.UserName(Roles.Supervisor));
        await page.WaitForSelectorAsync("#calls-today");
        await page.GotoAsync($"/Calls/Detail/{id}");

        await page.FillAsync("#call-review input[name=Reason]", "損害賠償請求の可能性");
        await page.ClickAsync("#call-review form[action*=Hold] button[type=submit]");
        await page.WaitForSelectorAsync("#legal-hold-state.hold");

        Assert.Contains("損害賠償請求の可能性", await page.InnerTextAsync("#legal-hold-state"), StringComparison.Ordinal);
        using var db = _factory.Services.GetRequiredService<DatabaseFactory>().Open();
        var call = await db.Calls.FirstAsync(c => c.Id == id);
        Assert.True(call.LegalHold);
        Assert.Equal(TestAccounts.UserName(Roles.Supervisor), call.LegalHoldBy);
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Action == "call.legal-hold" && e.Target == id.ToString()));
    }

    [BrowserFact]
    public async Task RoleLimits_StaffOpensOthersCallAndAuditorOpensSettings_AreRefused()
    {
        await TestAccounts.CreateAllAsync(_factory);
        var others = await TestAccounts.InsertCallAsync(_factory, "999", "他の内線");
        var own = await TestAccounts.InsertCallAsync(_factory, TestAccounts.StaffExtension, "自分の内線");

        var staff = await _browser.NewPageAsync(_factory.KestrelAddress);
        await SignInFlow.SignInAsync(staff, TestAccounts.UserName(Roles.Staff));
        await staff.WaitForSelectorAsync("#calls-today");
        Assert.Equal(200, (await staff.GotoAsync($"/Calls/Detail/{own}"))!.Status);
        Assert.Equal(404, (await staff.GotoAsync($"/Calls/Detail/{others}"))!.Status);
        await staff.GotoAsync("/Calls");
        Assert.DoesNotContain("他の内線", await staff.InnerTextAsync("#call-rows"), StringComparison.Ordinal);

        var auditor = await _browser.NewPageAsync(_factory.KestrelAddress);
        await SignInFlow.SignInAsync(auditor, TestAccounts.UserName(Roles.Auditor));
        await auditor.WaitForSelectorAsync("#calls-today");
        Assert.Equal(0, await auditor.Locator("nav a[href='/Admin/Settings']").CountAsync());
        Assert.Equal(403, (await auditor.GotoAsync("/Admin/Settings"))!.Status);
        Assert.Equal(200, (await auditor.GotoAsync("/Audit"))!.Status);
        await BrowserFixture.ScreenshotAsync(auditor, "audit");
    }

    public void Dispose() => _factory.Dispose();
}
