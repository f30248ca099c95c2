namespace RecAce.Web.Tests.Browser;

/// <summary>One chromium for every browser test; they run one after another (2 cores).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
