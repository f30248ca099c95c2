using Xunit;

namespace RecAce.Plugins.Testing;

/// <summary>
/// The conformance kit: inherit this class in your adapter's test project, say how to configure
/// the adapter and how to make it receive one call, and xUnit runs the contract's checks against
/// it — lifecycle and its time limits, health, a call opened, written and closed with valid
/// frames, configuration read from <c>Plugins:&lt;id&gt;</c>, and a refusing host survived.
/// </summary>
/// <typeparam name="TAdapter">The adapter type, with the public parameterless constructor the host uses.</typeparam>
public abstract class AdapterConformanceTests<TAdapter> : IDisposable
    where TAdapter : ITelephonyAdapter, new()
{
    private readonly List<ConformanceAdapterContext> _contexts = [];

    /// <summary>How long <see cref="ITelephonyAdapter.StartAsync"/> may take (the host's default: 30 s).</summary>
    protected virtual TimeSpan StartTimeout => TimeSpan.FromSeconds(30);

    /// <summary>How long <see cref="ITelephonyAdapter.StopAsync"/> may take (the host's default: 10 s).</summary>
    protected virtual TimeSpan StopTimeout => TimeSpan.FromSeconds(10);

    /// <summary>How long a health check may take (the contract: about a second).</summary>
    protected virtual TimeSpan HealthTimeout => TimeSpan.FromSeconds(2);

    /// <summary>How long to wait for the call <see cref="ProduceCallAsync"/> causes to be closed.</summary>
    protected virtual TimeSpan CallTimeout => TimeSpan.FromSeconds(30);

    /// <summary>The plugin id (<c>plugin.json</c>'s <c>id</c>).</summary>
    protected abstract string PluginId { get; }

    /// <summary>Settings under <c>Plugins:&lt;id&gt;</c> that make the adapter work in a test (temp folders, free ports).</summary>
    protected abstract IReadOnlyDictionary<string, string?> CreateSettings();

    /// <summary>
    /// Makes the running adapter receive exactly one complete call (drop a file in its folder,
    /// send it SIP, replay a capture ...). Return once the call is on its way; the kit waits for it.
    /// </summary>
    /// <param name="context">The context the adapter was started with.</param>
    /// <param name="cancellationToken">Cancelled when the kit gives up.</param>
    protected abstract Task ProduceCallAsync(ConformanceAdapterContext context, CancellationToken cancellationToken);

    /// <summary>The decoder the adapter gets; the kit's WAV decoder unless overridden.</summary>
    protected virtual IAudioFileDecoder? CreateDecoder() => null;

    /// <summary>Starting and stopping completes within the host's time limits and reports no fault.</summary>
    [Fact]
    public async Task StartAsync_ThenStopAsync_CompletesWithinHostTimeouts()
    {
        var (adapter, context) = Create(CreateSettings());
        await WithinAsync(adapter.StartAsync(context, CancellationToken.None), StartTimeout, "StartAsync");
        await WithinAsync(adapter.StopAsync(CancellationToken.None), StopTimeout, "StopAsync");
        Assert.Empty(context.Faults);
    }

    /// <summary>Health can be asked before, during and after running, quickly, without throwing; running and configured, it is not Unhealthy.</summary>
    [Fact]
    public async Task CheckHealthAsync_AnyTime_AnswersQuicklyAndHealthyWhileRunning()
    {
        var (adapter, context) = Create(CreateSettings());
        await WithinAsync(adapter.CheckHealthAsync(CancellationToken.None).AsTask(), HealthTimeout, "CheckHealthAsync before start");
        await adapter.StartAsync(context, CancellationToken.None);
        var running = await WithinAsync(adapter.CheckHealthAsync(CancellationToken.None).AsTask(), HealthTimeout, "CheckHealthAsync");
        Assert.True(running.Status != AdapterHealthStatus.Unhealthy, $"a configured, running adapter reports Unhealthy: {running.Description}");
        await adapter.StopAsync(CancellationToken.None);
        await WithinAsync(adapter.CheckHealthAsync(CancellationToken.None).AsTask(), HealthTimeout, "CheckHealthAsync after stop");
    }

    /// <summary>A call is opened, written with valid frames to declared legs, and closed.</summary>
    [Fact]
    public async Task ProduceCall_CallOpenedWrittenAndClosed_WithoutContractViolations()
    {
        var (adapter, context) = Create(CreateSettings());
        await adapter.StartAsync(context, CancellationToken.None);
        try
        {
            using var cts = new CancellationTokenSource(CallTimeout);
            await ProduceCallAsync(context, cts.Token);
            var call = await WaitForClosedCallAsync(context, cts.Token);

            Assert.NotEmpty(call.Legs);
            Assert.NotEmpty(call.Frames);
            Assert.NotNull(call.EndReason);
            Assert.Empty(context.Sink.Violations);
            Assert.Empty(context.Faults);
        }
        finally
        {
            await adapter.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>The adapter reads its settings from its own section: with none at all it neither throws nor hangs.</summary>
    [Fact]
    public async Task StartAsync_NoConfiguration_DoesNotThrowAndReportsItsState()
    {
        var (adapter, context) = Create(new Dictionary<string, string?>());
        await WithinAsync(adapter.StartAsync(context, CancellationToken.None), StartTimeout, "StartAsync without configuration");
        var health = await WithinAsync(adapter.CheckHealthAsync(CancellationToken.None).AsTask(), HealthTimeout, "CheckHealthAsync");
        Assert.True(health.Status == AdapterHealthStatus.Healthy || !string.IsNullOrWhiteSpace(health.Description),
            "an adapter that cannot work says why in its health description");
        await WithinAsync(adapter.StopAsync(CancellationToken.None), StopTimeout, "StopAsync");
    }

    /// <summary>When the host refuses to record (disk full), the adapter keeps running and stops cleanly.</summary>
    [Fact]
    public async Task ProduceCall_HostRefusesRecording_AdapterSurvivesAndStops()
    {
        var (adapter, context) = Create(CreateSettings());
        context.Sink.RefuseWith = new RecordingRefusedException("conformance: the spool disk is full");
        await adapter.StartAsync(context, CancellationToken.None);
        using var cts = new CancellationTokenSource(CallTimeout);
        await ProduceCallAsync(context, cts.Token);
        await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
        await WithinAsync(adapter.CheckHealthAsync(CancellationToken.None).AsTask(), HealthTimeout, "CheckHealthAsync after a refusal");
        await WithinAsync(adapter.StopAsync(CancellationToken.None), StopTimeout, "StopAsync after a refusal");
        Assert.Empty(context.Sink.Calls);
    }

    /// <summary>A start cancelled at once returns or throws <see cref="OperationCanceledException"/>, without hanging.</summary>
    [Fact]
    public async Task StartAsync_CancelledToken_ReturnsOrCancelsPromptly()
    {
        var (adapter, context) = Create(CreateSettings());
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        try
        {
            await WithinAsync(adapter.StartAsync(context, cancelled.Token), StartTimeout, "StartAsync with a cancelled token");
        }
        catch (OperationCanceledException)
        {
        }

        await WithinAsync(adapter.StopAsync(CancellationToken.None), StopTimeout, "StopAsync after a cancelled start");
    }

    /// <summary>Removes the contexts' state folders.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Removes the contexts' state folders; override to remove what your settings created too.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var c in _contexts) c.Dispose();
        }
    }

    private (TAdapter Adapter, ConformanceAdapterContext Context) Create(IReadOnlyDictionary<string, string?> settings)
    {
        var context = new ConformanceAdapterContext(PluginId, settings, CreateDecoder());
        _contexts.Add(context);
        return (new TAdapter(), context);
    }

    private static async Task<RecordedCall> WaitForClosedCallAsync(ConformanceAdapterContext context, CancellationToken ct)
    {
        while (true)
        {
            if (context.Sink.Calls.FirstOrDefault(c => c.EndReason is not null) is { } call) return call;
            try
            {
                await Task.Delay(100, ct);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"No call was closed in time; calls opened: {context.Sink.Calls.Count}; faults: {string.Join("; ", context.Faults.Select(f => f.Message))}");
            }
        }
    }

    private static async Task WithinAsync(Task task, TimeSpan limit, string what)
    {
        if (await Task.WhenAny(task, Task.Delay(limit)) != task) Assert.Fail($"{what} took longer than {limit.TotalSeconds} s");
        await task;
    }

    private static async Task<T> WithinAsync<T>(Task<T> task, TimeSpan limit, string what)
    {
        await WithinAsync((Task)task, limit, what);
        return await task;
    }
}
