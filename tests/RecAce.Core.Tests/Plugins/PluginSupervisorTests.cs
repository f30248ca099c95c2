using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using RecAce.Core.Plugins;
using RecAce.Plugins;

namespace RecAce.Core.Tests.Plugins;

[Trait("Category", "Loader")]
public sealed class PluginSupervisorTests : IDisposable
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(20);
    private readonly PluginSandbox _sandbox = new();
    private readonly RecordingLoggerFactory _logs = new();
    private readonly ConcurrentQueue<PluginStatus> _changes = new();

    public void Dispose() => _sandbox.Dispose();

    private PluginSupervisor CreateSut(Dictionary<string, string?> settings, PluginRegistry? registry = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = new PluginHostOptions
        {
            PluginsDirectory = _sandbox.PluginsDirectory,
            DataDirectory = _sandbox.DataDirectory,
            HostVersion = new Version(1, 0, 0),
            HealthCheckInterval = TimeSpan.FromMilliseconds(30),
            RestartBackoffBase = TimeSpan.FromMilliseconds(100),
            RestartBackoffCap = TimeSpan.FromMilliseconds(400),
        };
        var sut = new PluginSupervisor(options, registry ?? new PluginRegistry(), configuration, _logs, TimeProvider.System,
            _ => new UnusedCallSink(), new UnusedAudioFileDecoder());
        sut.StatusChanged += (_, status) => _changes.Enqueue(status);
        return sut;
    }

    private static Dictionary<string, string?> Enable(params string[] ids) =>
        ids.ToDictionary(id => $"Plugins:{id}:Enabled", _ => (string?)"true");

    private static async Task<PluginStatus> WaitForAsync(PluginSupervisor sut, string id, Func<PluginStatus, bool> condition)
    {
        var deadline = DateTime.UtcNow + WaitLimit;
        while (DateTime.UtcNow < deadline)
        {
            if (sut.Registry.Find(id) is { } status && condition(status))
                return status;
            await Task.Delay(10);
        }
        Assert.Fail($"Plugin {id} did not reach the expected status in {WaitLimit}; last: {sut.Registry.Find(id)}");
        throw new InvalidOperationException("unreachable");
    }

    private PluginStatus[] ChangesOf(string id) => [.. _changes.Where(s => s.Id == id)];

    [Fact]
    public async Task Run_MixedPlugins_EachGetsItsStateAndGoodStaysActive()
    {
        _sandbox.AddBuilt(TestPluginIds.Good);
        _sandbox.AddBuilt(TestPluginIds.ThrowsAtLoad);
        _sandbox.AddBuilt(TestPluginIds.ThrowsWhileRunning);
        _sandbox.AddBuilt(TestPluginIds.NeedsNewerHost);
        _sandbox.AddFolder("Outside", PluginSandbox.Manifest("Outside", "../RecAce.TestPlugin.Good/RecAce.TestPlugin.Good.dll"));
        _sandbox.AddFolder("Absolute", PluginSandbox.Manifest("Absolute",
            Path.Combine(_sandbox.PluginDirectory(TestPluginIds.Good), "RecAce.TestPlugin.Good.dll")));
        _sandbox.AddFolder("Unc", PluginSandbox.Manifest("Unc", @"\\server\share\RecAce.TestPlugin.Good.dll"));
        var copy = _sandbox.AddFolder("ContractCopy", PluginSandbox.Manifest("ContractCopy", "RecAce.TestPlugin.Good.dll"));
        File.Copy(Path.Combine(_sandbox.PluginDirectory(TestPluginIds.Good), "RecAce.TestPlugin.Good.dll"), Path.Combine(copy, "RecAce.TestPlugin.Good.dll"));
        File.Copy(typeof(ITelephonyAdapter).Assembly.Location, Path.Combine(copy, PluginLoader.ContractFileName));
        var sut = CreateSut(Enable(TestPluginIds.Good, TestPluginIds.ThrowsAtLoad, TestPluginIds.ThrowsWhileRunning,
            TestPluginIds.NeedsNewerHost, "Outside", "Absolute", "Unc", "ContractCopy"));

        await sut.StartAsync(CancellationToken.None);
        await WaitForAsync(sut, TestPluginIds.Good, s => s.State == PluginState.Active);
        await WaitForAsync(sut, TestPluginIds.ThrowsWhileRunning, s => s.FaultCount >= 4 && s.State == PluginState.Active);
        var running = sut.Snapshot().ToDictionary(s => s.Id);
        await sut.StopAsync(CancellationToken.None);

        Assert.Equal(PluginState.Active, running[TestPluginIds.Good].State);
        Assert.Equal(0, running[TestPluginIds.Good].FaultCount);
        Assert.Equal(PluginState.Faulted, running[TestPluginIds.ThrowsAtLoad].State);
        Assert.Equal(PluginState.NotSupported, running[TestPluginIds.NeedsNewerHost].State);
        Assert.Equal(PluginState.NotSupported, running["Outside"].State);
        Assert.Equal(PluginState.NotSupported, running["Absolute"].State);
        Assert.Equal(PluginState.NotSupported, running["Unc"].State);
        Assert.Equal(PluginState.NotSupported, running["ContractCopy"].State);
        Assert.Contains("ships its own copy of the contract", running["ContractCopy"].Message, StringComparison.Ordinal);
        // Good was never disturbed by its neighbours: started once, active until the host stopped.
        Assert.Equal([PluginState.Starting, PluginState.Active, PluginState.Stopped], ChangesOf(TestPluginIds.Good).Select(s => s.State).Distinct());
        Assert.Equal("x", File.ReadAllText(Path.Combine(_sandbox.DataDirectory, "plugins", TestPluginIds.Good, "started")));
        Assert.Equal("x", File.ReadAllText(Path.Combine(_sandbox.DataDirectory, "plugins", TestPluginIds.Good, "stopped")));
        Assert.All(sut.Snapshot().Where(s => s.Id is TestPluginIds.Good or TestPluginIds.ThrowsWhileRunning), s => Assert.Equal(PluginState.Stopped, s.State));
    }

    [Fact]
    public async Task Run_AdapterReportsFault_RestartsWithDoublingBackoffUpToCap()
    {
        _sandbox.AddBuilt(TestPluginIds.ThrowsWhileRunning);
        var sut = CreateSut(Enable(TestPluginIds.ThrowsWhileRunning));

        await sut.StartAsync(CancellationToken.None);
        await WaitForAsync(sut, TestPluginIds.ThrowsWhileRunning, s => s.FaultCount >= 4);
        await sut.StopAsync(CancellationToken.None);

        var faults = ChangesOf(TestPluginIds.ThrowsWhileRunning).Where(s => s.State == PluginState.Faulted).Take(4).ToArray();
        Assert.Equal([1, 2, 3, 4], faults.Select(f => f.FaultCount));
        Assert.Equal([100, 200, 400, 400], faults.Select(f => (f.NextRestartAt!.Value - f.ChangedAt).TotalMilliseconds));
        Assert.All(faults, f => Assert.Equal("IOException: ThrowsWhileRunning lost its connection.", f.Message));
        // Each restart is a new instance that is started and becomes active again.
        Assert.True(ChangesOf(TestPluginIds.ThrowsWhileRunning).Count(s => s.State == PluginState.Active) >= 4);
        // Each fault is logged once, with the plugin id and the exception.
        var faultLogs = _logs.Entries.Where(e => e.Level == LogLevel.Error && e.Message.Contains(TestPluginIds.ThrowsWhileRunning, StringComparison.Ordinal)).ToArray();
        Assert.Equal(faultLogs.Length, faultLogs.Select(e => e.Message).Distinct().Count());
        Assert.All(faultLogs, e => Assert.IsType<IOException>(e.Exception));
    }

    [Fact]
    public async Task Run_HealthCheckThrows_IsFaultedAndRestarted()
    {
        _sandbox.AddBuilt(TestPluginIds.ThrowsWhileRunning);
        var settings = Enable(TestPluginIds.ThrowsWhileRunning);
        settings[$"Plugins:{TestPluginIds.ThrowsWhileRunning}:FailBy"] = "HealthCheck";
        var sut = CreateSut(settings);

        await sut.StartAsync(CancellationToken.None);
        var status = await WaitForAsync(sut, TestPluginIds.ThrowsWhileRunning, s => s.FaultCount >= 2);
        await sut.StopAsync(CancellationToken.None);

        var faults = ChangesOf(TestPluginIds.ThrowsWhileRunning).Where(s => s.State == PluginState.Faulted).ToArray();
        Assert.Contains("health check failed", faults[0].Message, StringComparison.Ordinal);
        Assert.True(status.FaultCount >= 2);
    }

    [Fact]
    public async Task Run_PluginNotEnabled_IsDisabledAndNeverStarted()
    {
        _sandbox.AddBuilt(TestPluginIds.Good);
        var sut = CreateSut([]);

        await sut.StartAsync(CancellationToken.None);
        var status = await WaitForAsync(sut, TestPluginIds.Good, _ => true);
        await sut.StopAsync(CancellationToken.None);

        Assert.Equal(PluginState.Disabled, status.State);
        Assert.Equal(new Version(1, 2, 3), status.Version);
        Assert.False(Directory.Exists(Path.Combine(_sandbox.DataDirectory, "plugins", TestPluginIds.Good)));
    }

    [Fact]
    public async Task Run_EnabledIsNotABoolean_IsDisabled()
    {
        _sandbox.AddBuilt(TestPluginIds.Good);
        var sut = CreateSut(new() { [$"Plugins:{TestPluginIds.Good}:Enabled"] = "yes please" });

        await sut.StartAsync(CancellationToken.None);
        var status = await WaitForAsync(sut, TestPluginIds.Good, _ => true);
        await sut.StopAsync(CancellationToken.None);

        Assert.Equal(PluginState.Disabled, status.State);
    }

    [Fact]
    public async Task Run_StatusChangedHandlerThrows_PluginStillStarts()
    {
        _sandbox.AddBuilt(TestPluginIds.Good);
        var registry = new PluginRegistry();
        registry.StatusChanged += (_, _) => throw new InvalidOperationException("database down");
        var sut = CreateSut(Enable(TestPluginIds.Good), registry);

        await sut.StartAsync(CancellationToken.None);
        await WaitForAsync(sut, TestPluginIds.Good, s => s.State == PluginState.Active);
        await sut.StopAsync(CancellationToken.None);

        Assert.Equal(PluginState.Stopped, sut.Registry.Find(TestPluginIds.Good)?.State);
    }

    [Fact]
    public async Task Run_NoPluginsDirectory_RunsWithoutPlugins()
    {
        Directory.Delete(_sandbox.PluginsDirectory);
        var sut = CreateSut([]);

        await sut.StartAsync(CancellationToken.None);
        await sut.StopAsync(CancellationToken.None);

        Assert.Empty(sut.Snapshot());
    }
}
