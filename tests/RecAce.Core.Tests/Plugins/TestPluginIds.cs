namespace RecAce.Core.Tests.Plugins;

/// <summary>Ids of the compiled test plugins under tests/TestPlugins, copied to testplugins/&lt;id&gt;/ in the test output.</summary>
internal static class TestPluginIds
{
    public const string Good = "RecAce.TestPlugin.Good";
    public const string ThrowsAtLoad = "RecAce.TestPlugin.ThrowsAtLoad";
    public const string ThrowsWhileRunning = "RecAce.TestPlugin.ThrowsWhileRunning";
    public const string NeedsNewerHost = "RecAce.TestPlugin.NeedsNewerHost";
}
