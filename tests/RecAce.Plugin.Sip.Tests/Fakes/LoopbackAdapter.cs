using RecAce.Plugins;

namespace RecAce.Plugin.Sip.Tests.Fakes;

/// <summary>The Sip adapter started on 127.0.0.1 with the given settings and a test context, and a test peer for its UDP port.</summary>
internal sealed class LoopbackAdapter(Dictionary<string, string?> settings) : IAsyncDisposable
{
    public SipAdapter Adapter { get; } = new();

    /// <summary>Changed before <see cref="StartAsync"/> to start with other settings.</summary>
    public Dictionary<string, string?> Settings { get; } = settings;

    public TestAdapterContext Context { get; private set; } = null!;

    public async Task<SipTestPeer> StartAsync(Action<TestAdapterContext>? arrange = null)
    {
        Context = new TestAdapterContext(Settings);
        arrange?.Invoke(Context);
        await Adapter.StartAsync(Context, CancellationToken.None);
        Assert.NotNull(Adapter.UdpEndPoint);
        return new SipTestPeer(Adapter.UdpEndPoint!);
    }

    public ValueTask DisposeAsync() => Adapter.DisposeAsync();
}
