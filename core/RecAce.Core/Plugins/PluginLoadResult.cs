using RecAce.Plugins;

namespace RecAce.Core.Plugins;

/// <summary>
/// What <see cref="PluginLoader"/> made of one plugin folder. When <see cref="IsLoaded"/> is true the
/// adapter type was found and one instance constructed; otherwise <see cref="State"/> says why not.
/// </summary>
public sealed class PluginLoadResult
{
    private readonly Func<ITelephonyAdapter>? _factory;

    private PluginLoadResult(string id, PluginManifest? manifest, PluginState state, string? message,
        Type? adapterType, ITelephonyAdapter? initialAdapter, Func<ITelephonyAdapter>? factory)
    {
        Id = id;
        Manifest = manifest;
        State = state;
        Message = message;
        AdapterType = adapterType;
        InitialAdapter = initialAdapter;
        _factory = factory;
    }

    /// <summary>The plugin id (the folder name when the manifest could not be read).</summary>
    public string Id { get; }

    /// <summary>The validated manifest, or null when it could not be read.</summary>
    public PluginManifest? Manifest { get; }

    /// <summary>
    /// <see cref="PluginState.Starting"/> when loaded (the next step is starting it);
    /// otherwise <see cref="PluginState.Disabled"/>, <see cref="PluginState.NotSupported"/> or <see cref="PluginState.Faulted"/>.
    /// </summary>
    public PluginState State { get; }

    /// <summary>Why the plugin was not loaded; null when it was.</summary>
    public string? Message { get; }

    /// <summary>True when an adapter instance was constructed and the plugin can be started.</summary>
    public bool IsLoaded => InitialAdapter is not null;

    /// <summary>The plugin's adapter type, when found.</summary>
    public Type? AdapterType { get; }

    /// <summary>The instance constructed while loading (proving the constructor works); the first one started.</summary>
    public ITelephonyAdapter? InitialAdapter { get; }

    /// <summary>Constructs a new adapter instance, for a restart after a fault.</summary>
    /// <exception cref="InvalidOperationException">The plugin is not loaded.</exception>
    /// <remarks>Exceptions from the adapter's constructor propagate, unwrapped.</remarks>
    public ITelephonyAdapter CreateAdapter() =>
        (_factory ?? throw new InvalidOperationException($"Plugin '{Id}' is not loaded ({State}).")).Invoke();

    internal static PluginLoadResult Loaded(PluginManifest manifest, Type adapterType, ITelephonyAdapter adapter, Func<ITelephonyAdapter> factory) =>
        new(manifest.Id, manifest, PluginState.Starting, null, adapterType, adapter, factory);

    internal static PluginLoadResult Failed(string id, PluginManifest? manifest, PluginState state, string message) =>
        new(id, manifest, state, message, null, null, null);
}
