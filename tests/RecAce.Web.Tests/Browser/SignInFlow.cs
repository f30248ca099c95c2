using Microsoft.Playwright;
using RecAce.Web.Tests.Admin;

namespace RecAce.Web.Tests.Browser;

/// <summary>Signing in through the real form, as a person does.</summary>
internal static class SignInFlow
{
    public static async Task SignInAsync(IPage page, string userName, string password = TestAccounts.Password)
    {
        await page.GotoAsync("/Login");
        await page.FillAsync("input[name=UserName]", userName);
        await page.FillAsync("input[name=Password]", password);
        await page.ClickAsync("form button[type=submit]");
    }
}
