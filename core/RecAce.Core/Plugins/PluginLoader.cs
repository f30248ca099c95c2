using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RecAce.Plugins;
using McMasterPluginLoader = McMaster.NETCore.Plugins.PluginLoader;

namespace RecAce.Core.Plugins;

/// <summary>
/// Loads plugin folders: reads the manifest, checks the host version, loads the first assembly in
/// its own load context with the contract shared, checks every type eagerly and constructs the one
/// adapter. Never throws: every failure becomes a <see cref="PluginLoadResult"/> with a state and message.
/// </summary>
/// <remarks>Load contexts are never unloaded (restart the host to remove a plugin), so the loader keeps them alive.</remarks>
public sealed class PluginLoader
{
    /// <summary>The contract assembly's file name; a plugin folder must not carry its own copy.</summary>
    public const string ContractFileName = "RecAce.Plugins.Abstractions.dll";

    // The contract and the Microsoft.Extensions abstractions it exposes must be the host's own
    // types, or casts across the load-context boundary fail.
    private static readonly Type[] SharedTypes = [typeof(ITelephonyAdapter), typeof(ILogger), typeof(IConfiguration)];

    private readonly Version _hostVersion;
    private readonly ILogger _logger;
    private readonly List<McMasterPluginLoader> _loadContexts = [];

    /// <summary>Creates a loader for a host of the given version.</summary>
    /// <param name="hostVersion">Compared with each manifest's <c>minHostVersion</c>.</param>
    /// <param name="logger">Logs each plugin's outcome; null logs nothing.</param>
    public PluginLoader(Version hostVersion, ILogger<PluginLoader>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(hostVersion);
        _hostVersion = hostVersion;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Loads every plugin folder under <paramref name="pluginsDirectory"/>, in ordinal order of folder name.</summary>
    /// <param name="pluginsDirectory">The folder holding one sub-folder per plugin; a missing folder means no plugins.</param>
    /// <param name="isEnabled">Whether a plugin id is enabled; a disabled plugin is not loaded past its manifest.</param>
    public IReadOnlyList<PluginLoadResult> LoadAll(string pluginsDirectory, Func<string, bool> isEnabled)
    {
        ArgumentNullException.ThrowIfNull(pluginsDirectory);
        IEnumerable<string> folders;
        try
        {
            if (!Directory.Exists(pluginsDirectory))
            {
                _logger.LogInformation("No plugins folder at {PluginsDirectory}", pluginsDirectory);
                return [];
            }
            folders = [.. Directory.EnumerateDirectories(pluginsDirectory).Order(StringComparer.Ordinal)];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogError(ex, "The plugins folder {PluginsDirectory} cannot be read", pluginsDirectory);
            return [];
        }
        return [.. folders.Select(folder => Load(folder, isEnabled))];
    }

    /// <summary>Loads one plugin folder.</summary>
    /// <param name="pluginDirectory">The folder <c>plugins/&lt;id&gt;</c>.</param>
    /// <param name="isEnabled">Whether a plugin id is enabled; a disabled plugin is not loaded past its manifest.</param>
    public PluginLoadResult Load(string pluginDirectory, Func<string, bool> isEnabled)
    {
        ArgumentNullException.ThrowIfNull(pluginDirectory);
        ArgumentNullException.ThrowIfNull(isEnabled);
        var id = Path.GetFileName(Path.TrimEndingDirectorySeparator(pluginDirectory));
        PluginLoadResult result;
        try
        {
            result = LoadCore(id, pluginDirectory, isEnabled);
        }
#pragma warning disable CA1031 // Whatever a plugin does while loading, the host goes on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogError(ex, "Plugin {PluginId} failed while loading", id);
            return PluginLoadResult.Failed(id, null, PluginState.Faulted, $"Failed while loading: {ex.Message}");
        }

        if (result.IsLoaded)
            _logger.LogInformation("Plugin {PluginId} {Version} loaded: {AdapterType}", result.Id, result.Manifest?.Version, result.AdapterType);
        else if (result.State == PluginState.Disabled)
            _logger.LogInformation("Plugin {PluginId} is disabled", result.Id);
        else
            _logger.LogWarning("Plugin {PluginId} is {State}: {Message}", result.Id, result.State, result.Message);
        return result;
    }

    private PluginLoadResult LoadCore(string id, string pluginDirectory, Func<string, bool> isEnabled)
    {
        PluginManifest manifest;
        try
        {
            manifest = PluginManifest.Read(pluginDirectory);
        }
        catch (InvalidPluginManifestException ex)
        {
            return PluginLoadResult.Failed(id, null, PluginState.NotSupported, ex.Message);
        }

        if (Normalize(manifest.MinHostVersion) > Normalize(_hostVersion))
            return NotSupported(manifest, $"Needs host >= {manifest.MinHostVersion}; this host is {_hostVersion}.");
        if (!isEnabled(manifest.Id))
            return PluginLoadResult.Failed(manifest.Id, manifest, PluginState.Disabled, $"Not enabled (set Plugins:{manifest.Id}:Enabled to true).");
        if (ShipsContract(manifest.Directory))
            return NotSupported(manifest,
                $"The plugin ships its own copy of the contract ({ContractFileName}); build with ExcludeAssets=runtime on the contract reference.");

        Type[] types;
        try
        {
            var loader = McMasterPluginLoader.CreateFromAssemblyFile(manifest.MainAssemblyPath, SharedTypes, cfg => cfg.PreferSharedTypes = true);
            lock (_loadContexts)
                _loadContexts.Add(loader);
            // Eagerly, so a plugin built against an incompatible contract fails now, not on its first call.
            types = loader.LoadDefaultAssembly().GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            var first = ex.LoaderExceptions.FirstOrDefault(e => e is not null);
            return NotSupported(manifest, $"Types cannot be loaded: {first?.Message ?? ex.Message}");
        }
        catch (Exception ex) when (ex is TypeLoadException or FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            return NotSupported(manifest, $"The assembly cannot be loaded: {ex.Message}");
        }

        var candidates = types.Where(IsAdapterType).ToList();
        if (candidates.Count != 1)
        {
            var found = candidates.Count == 0 ? "none" : string.Join(", ", candidates.Select(t => t.FullName));
            return NotSupported(manifest,
                $"Expected exactly one public non-abstract {nameof(ITelephonyAdapter)} with a public parameterless constructor in {Path.GetFileName(manifest.MainAssemblyPath)}; found {found}.");
        }

        var adapterType = candidates[0];
        ITelephonyAdapter Create() => Construct(adapterType);
        try
        {
            return PluginLoadResult.Loaded(manifest, adapterType, Create(), Create);
        }
#pragma warning disable CA1031 // A throwing constructor is the plugin's fault, not the host's.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogError(ex, "Plugin {PluginId}: the constructor of {AdapterType} threw", manifest.Id, adapterType);
            return PluginLoadResult.Failed(manifest.Id, manifest, PluginState.Faulted,
                $"The constructor of {adapterType.FullName} threw {ex.GetType().Name}: {ex.Message}");
        }
    }

    private static PluginLoadResult NotSupported(PluginManifest manifest, string message) =>
        PluginLoadResult.Failed(manifest.Id, manifest, PluginState.NotSupported, message);

    private static bool IsAdapterType(Type type) =>
        type.IsVisible && type.IsClass && !type.IsAbstract && !type.ContainsGenericParameters
        && typeof(ITelephonyAdapter).IsAssignableFrom(type)
        && type.GetConstructor(Type.EmptyTypes) is not null;

    private static ITelephonyAdapter Construct(Type adapterType)
    {
        try
        {
            return (ITelephonyAdapter)Activator.CreateInstance(adapterType)!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            // Report the constructor's own exception, not reflection's wrapper. A throwing static
            // constructor arrives as TypeInitializationException, which names the type: keep it.
            ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }

    private static bool ShipsContract(string pluginDirectory) =>
        Directory.EnumerateFiles(pluginDirectory, ContractFileName, new EnumerationOptions
        {
            RecurseSubdirectories = true,
            MatchCasing = MatchCasing.CaseInsensitive,
            IgnoreInaccessible = true,
        }).Any();

    // Version treats a missing part as lower than 0 (1.0 < 1.0.0); manifests and hosts should not have to agree on how many parts to write.
    private static Version Normalize(Version v) =>
        new(v.Major, v.Minor, Math.Max(v.Build, 0), Math.Max(v.Revision, 0));
}
