using RecAce.Core.Plugins;

namespace RecAce.Core.Tests.Plugins;

public sealed class PluginLoggerFactoryTests
{
    [Fact]
    public void CreateLogger_AnyCategory_IsPrefixedWithPluginId()
    {
        var host = new RecordingLoggerFactory();
        var sut = new PluginLoggerFactory(host, "Sip");

        sut.CreateLogger("Listener").Log(Microsoft.Extensions.Logging.LogLevel.Information, default, "x", null, (s, _) => s);

        Assert.Equal("Plugins.Sip.Listener", Assert.Single(host.Entries).Category);
    }

    [Fact]
    public void AddProvider_FromAPlugin_IsRefused()
    {
        var sut = new PluginLoggerFactory(new RecordingLoggerFactory(), "Sip");

        Assert.Throws<NotSupportedException>(() => sut.AddProvider(null!));
    }
}
