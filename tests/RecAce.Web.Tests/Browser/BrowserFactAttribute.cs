namespace RecAce.Web.Tests.Browser;

/// <summary>A browser test: skipped, with the reason, where Debian's chromium is not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!BrowserFixture.Available) Skip = BrowserFixture.SkipReason;
    }
}
