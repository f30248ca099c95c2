namespace RecAce.Core.Evidence;

/// <summary>Loads (or creates) the server key once, on first use: CLI verbs that never sign never touch it.</summary>
public sealed class ServerKeyProvider : IDisposable
{
    private readonly Lazy<ServerKey> _key;

    public ServerKeyProvider(RecAceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = options.Evidence.KeyFile(options);
        _key = new Lazy<ServerKey>(() => ServerKey.LoadOrCreate(path), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public ServerKey Key => _key.Value;

    public void Dispose()
    {
        if (_key.IsValueCreated) _key.Value.Dispose();
    }
}
