using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using RecAce.Core.Plugins;
using RecAce.Plugins;

namespace RecAce.Core.Tests.Plugins;

/// <summary>Supervision of in-process fake adapters: the timing cases no compiled plugin needs to cover.</summary>
public sealed class SupervisedPluginTests : IDisposable
{
    private readonly PluginSandbox _sandbox = new();
    private readonly PluginRegistry _registry = new();
    private readonly List<PluginStatus> _changes = [];

    public SupervisedPluginTests() => _registry.StatusChanged += (_, s) => { lock (_changes) _changes.Add(s); };

    public void Dispose() => _sandbox.Dispose();

    private SupervisedPlugin CreateSut(Func<ITelephonyAdapter> factory)
    {
        var manifest = new PluginManifest("Fake", new Version(1, 0), new Version(1, 0), ["Fake.dll"], _sandbox.PluginDirectory("Fake"));
        var options = new PluginHostOptions
        {
            PluginsDirectory = _sandbox.PluginsDirectory,
            DataDirectory = _sandbox.DataDirectory,
            HostVersion = new Version(1, 0),
            StartTimeout = TimeSpan.FromMilliseconds(100),
            StopTimeout = TimeSpan.FromMilliseconds(100),
            HealthCheckInterval = TimeSpan.FromMilliseconds(20),
            HealthCheckTimeout = TimeSpan.FromMilliseconds(100),
            RestartBackoffBase = TimeSpan.FromMilliseconds(20),
            RestartBackoffCap = TimeSpan.FromMilliseconds(40),
        };
        var plugin = PluginLoadResult.Loaded(manifest, typeof(FakeAdapter), factory(), factory);
        return new SupervisedPlugin(plugin, options, new ConfigurationBuilder().Build(), NullLoggerFactory.Instance, TimeProvider.System,
            new UnusedCallSink(), new UnusedAudioFileDecoder(), _registry, NullLogger.Instance);
    }

    private async Task<PluginStatus[]> RunUntilAsync(SupervisedPlugin sut, Func<PluginStatus, bool> condition)
    {
        using var stop = new CancellationTokenSource();
        var run = sut.RunAsync(stop.Token);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (_registry.Find("Fake") is not { } s || !condition(s))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Condition not reached; last: {_registry.Find("Fake")}");
            await Task.Delay(10);
        }
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));
        lock (_changes)
            return [.. _changes];
    }

    [Fact]
    public async Task Run_StartIgnoresCancellationAndHangs_IsFaultedWithTimeout()
    {
        var sut = CreateSut(() => new FakeAdapter { Start = _ => new TaskCompletionSource().Task });

        var changes = await RunUntilAsync(sut, s => s.FaultCount >= 1);

        Assert.Contains(changes, s => s.State == PluginState.Faulted && s.Message!.Contains("StartAsync did not finish", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_StartHonoursCancellation_IsFaultedWithTimeout()
    {
        var sut = CreateSut(() => new FakeAdapter { Start = ct => Task.Delay(Timeout.Infinite, ct) });

        var changes = await RunUntilAsync(sut, s => s.FaultCount >= 1);

        Assert.Contains(changes, s => s.State == PluginState.Faulted && s.Message!.StartsWith("TimeoutException", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_StartThrows_EachInstanceIsStoppedAndANewOneStarted()
    {
        var instances = new List<FakeAdapter>();
        var sut = CreateSut(() =>
        {
            var adapter = new FakeAdapter { Start = _ => throw new InvalidOperationException("no port") };
            lock (instances)
                instances.Add(adapter);
            return adapter;
        });

        await RunUntilAsync(sut, s => s.FaultCount >= 3);

        lock (instances)
        {
            var started = instances.Where(i => i.StartCount > 0).ToList();
            Assert.True(started.Count >= 3);
            Assert.All(started, i => Assert.Equal(1, i.StartCount));
            Assert.All(started, i => Assert.Equal(1, i.StopCount));
        }
    }

    [Fact]
    public async Task Run_StopHangs_HostStopStillCompletes()
    {
        var sut = CreateSut(() => new FakeAdapter { Stop = _ => new TaskCompletionSource().Task });

        var changes = await RunUntilAsync(sut, s => s.State == PluginState.Active);

        Assert.Equal(PluginState.Stopped, changes[^1].State);
    }

    [Fact]
    public async Task Run_ConstructorThrowsOnRestart_CountsAsFaultAndKeepsRetrying()
    {
        var created = 0;
        var sut = CreateSut(() => Interlocked.Increment(ref created) == 1
            ? new FakeAdapter { Health = _ => throw new InvalidOperationException("sick") }
            : throw new InvalidOperationException("constructor broke"));

        var changes = await RunUntilAsync(sut, s => s.FaultCount >= 3);

        Assert.Contains(changes, s => s.State == PluginState.Faulted && s.Message == "InvalidOperationException: sick");
        Assert.Contains(changes, s => s.State == PluginState.Faulted && s.Message == "InvalidOperationException: constructor broke");
    }

    [Fact]
    public async Task Run_UnhealthyReport_DegradedWithLastHealthNotFaulted()
    {
        var sut = CreateSut(() => new FakeAdapter { Health = _ => ValueTask.FromResult(new AdapterHealth(AdapterHealthStatus.Unhealthy, "link down")) });

        var changes = await RunUntilAsync(sut, s => s.LastHealth is not null);

        var status = changes.First(s => s.LastHealth is not null);
        Assert.Equal(PluginState.Degraded, status.State);
        Assert.Equal("link down", status.Message);
        Assert.Equal(AdapterHealthStatus.Unhealthy, status.LastHealth!.Status);
        Assert.Equal(0, status.FaultCount);
    }

    [Fact]
    public async Task Run_DegradedThenHealthy_DegradedWithReasonThenActiveAgain()
    {
        var checks = 0;
        var sut = CreateSut(() => new FakeAdapter
        {
            Health = _ => ValueTask.FromResult(Interlocked.Increment(ref checks) <= 3
                ? new AdapterHealth(AdapterHealthStatus.Degraded, "Recording failed: disk full")
                : AdapterHealth.Healthy),
        });

        var changes = await RunUntilAsync(sut, s => s.State == PluginState.Active && s.LastHealth?.Status == AdapterHealthStatus.Healthy);

        var states = changes.Select(s => s.State).ToArray();
        var degraded = Array.IndexOf(states, PluginState.Degraded);
        Assert.True(degraded > 0 && states[degraded - 1] == PluginState.Active, string.Join(", ", states));
        Assert.Equal("Recording failed: disk full", changes[degraded].Message);
        Assert.Equal(PluginState.Active, states[degraded + 1]);
        Assert.Null(changes[degraded + 1].Message);
        Assert.Equal(1, states.Count(s => s == PluginState.Degraded));
        Assert.All(changes, s => Assert.Equal(0, s.FaultCount));
    }

    [Fact]
    public async Task Run_FaultReportedTwice_CountsOnce()
    {
        var sut = CreateSut(() => new FakeAdapter
        {
            OnStart = context =>
            {
                context.ReportFault(new IOException("first"));
                context.ReportFault(new IOException("second"));
            },
        });

        var changes = await RunUntilAsync(sut, s => s.FaultCount >= 2);

        var faults = changes.Where(s => s.State == PluginState.Faulted).ToArray();
        Assert.All(faults, f => Assert.Equal("IOException: first", f.Message));
        Assert.Equal(faults.Length, faults.Select(f => f.FaultCount).Distinct().Count());
    }

    public sealed class FakeAdapter : ITelephonyAdapter
    {
        public Func<CancellationToken, Task> Start { get; init; } = _ => Task.CompletedTask;

        public Action<IAdapterContext> OnStart { get; init; } = _ => { };

        public Func<CancellationToken, Task> Stop { get; init; } = _ => Task.CompletedTask;

        public Func<CancellationToken, ValueTask<AdapterHealth>> Health { get; init; } = _ => ValueTask.FromResult(AdapterHealth.Healthy);

        public int StartCount { get; private set; }

        public int StopCount { get; private set; }

        public Task StartAsync(IAdapterContext context, CancellationToken cancellationToken)
        {
            StartCount++;
            OnStart(context);
            return Start(cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            StopCount++;
            return Stop(cancellationToken);
        }

        public ValueTask<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken) => Health(cancellationToken);
    }
}
