using RecAce.Core.Plugins;

namespace RecAce.Core.Tests.Plugins;

public sealed class RestartBackoffTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(11, 1024)]
    [InlineData(12, 1440)] // 2048 minutes is over a day: capped
    [InlineData(int.MaxValue, 1440)]
    public void For_ConsecutiveFaults_DoublesFromOneMinuteUpToOneDay(int faults, int expectedMinutes)
    {
        var options = new PluginHostOptions { PluginsDirectory = "p", DataDirectory = "d", HostVersion = new Version(1, 0) };

        var delay = RestartBackoff.For(faults, options.RestartBackoffBase, options.RestartBackoffCap);

        Assert.Equal(TimeSpan.FromMinutes(expectedMinutes), delay);
    }
}
