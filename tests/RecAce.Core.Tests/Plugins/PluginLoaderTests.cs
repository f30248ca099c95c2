using RecAce.Core.Plugins;
using RecAce.Plugins;

namespace RecAce.Core.Tests.Plugins;

[Trait("Category", "Loader")]
public sealed class PluginLoaderTests : IDisposable
{
    private static readonly Version HostVersion = new(1, 0, 0);
    private readonly PluginSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private static PluginLoader CreateSut() => new(HostVersion);

    private static PluginLoadResult LoadEnabled(string folder) => CreateSut().Load(folder, _ => true);

    [Fact]
    public void Load_GoodPlugin_ConstructsItsAdapter()
    {
        var result = LoadEnabled(_sandbox.AddBuilt(TestPluginIds.Good));

        Assert.True(result.IsLoaded, result.Message);
        Assert.Equal(PluginState.Starting, result.State);
        Assert.Equal("RecAce.TestPlugin.Good.GoodAdapter", result.AdapterType?.FullName);
        Assert.Equal(new Version(1, 2, 3), result.Manifest?.Version);
        // The contract type is the host's own: the adapter casts across the load-context boundary.
        Assert.IsAssignableFrom<ITelephonyAdapter>(result.InitialAdapter);
        Assert.NotSame(result.InitialAdapter, result.CreateAdapter());
    }

    [Fact]
    public void Load_ConstructorThrows_IsFaulted()
    {
        var result = LoadEnabled(_sandbox.AddBuilt(TestPluginIds.ThrowsAtLoad));

        Assert.False(result.IsLoaded);
        Assert.Equal(PluginState.Faulted, result.State);
        Assert.Contains("refuses to be constructed", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NeedsNewerHost_IsNotSupported()
    {
        var result = LoadEnabled(_sandbox.AddBuilt(TestPluginIds.NeedsNewerHost));

        Assert.Equal(PluginState.NotSupported, result.State);
        Assert.Contains("needs host >= 99.0.0", result.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Null(result.AdapterType);
    }

    [Fact]
    public void Load_ManifestPointsOutsideFolder_IsNotSupported()
    {
        _sandbox.AddBuilt(TestPluginIds.Good);
        var folder = _sandbox.AddFolder("Hostile", PluginSandbox.Manifest("Hostile", "../RecAce.TestPlugin.Good/RecAce.TestPlugin.Good.dll"));

        var result = LoadEnabled(folder);

        Assert.Equal(PluginState.NotSupported, result.State);
        Assert.Contains("outside the plugin folder", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ManifestWithAbsolutePath_IsNotSupported()
    {
        var good = _sandbox.AddBuilt(TestPluginIds.Good);
        var folder = _sandbox.AddFolder("Hostile", PluginSandbox.Manifest("Hostile", Path.Combine(good, "RecAce.TestPlugin.Good.dll")));

        var result = LoadEnabled(folder);

        Assert.Equal(PluginState.NotSupported, result.State);
        Assert.Contains("absolute", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ManifestWithUncPath_IsNotSupported()
    {
        var folder = _sandbox.AddFolder("Hostile", PluginSandbox.Manifest("Hostile", @"\\server\share\RecAce.TestPlugin.Good.dll"));

        var result = LoadEnabled(folder);

        Assert.Equal(PluginState.NotSupported, result.State);
        Assert.Contains("UNC", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PluginShipsContractCopy_IsNotSupported()
    {
        var folder = _sandbox.AddBuilt(TestPluginIds.Good);
        File.Copy(typeof(ITelephonyAdapter).Assembly.Location, Path.Combine(folder, PluginLoader.ContractFileName));

        var result = LoadEnabled(folder);

        Assert.Equal(PluginState.NotSupported, result.State);
        Assert.Contains("ships its own copy of the contract", result.Message, StringComparison.Ordinal);
        Assert.Contains("ExcludeAssets=runtime", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NotEnabled_IsDisabledWithoutLoadingTheAssembly()
    {
        // The constructor of this plugin throws; Disabled (not Faulted) proves it was never constructed.
        var result = CreateSut().Load(_sandbox.AddBuilt(TestPluginIds.ThrowsAtLoad), _ => false);

        Assert.Equal(PluginState.Disabled, result.State);
        Assert.Null(result.AdapterType);
        Assert.Contains($"Plugins:{TestPluginIds.ThrowsAtLoad}:Enabled", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AssemblyWithoutAdapter_IsNotSupported()
    {
        var folder = _sandbox.AddFolder("NoAdapter", PluginSandbox.Manifest("NoAdapter", "NoAdapter.dll"));
        File.Copy(typeof(Xunit.FactAttribute).Assembly.Location, Path.Combine(folder, "NoAdapter.dll"));

        var result = LoadEnabled(folder);

        Assert.Equal(PluginState.NotSupported, result.State);
        Assert.Contains("found none", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FileIsNotAnAssembly_IsNotSupported()
    {
        var folder = _sandbox.AddFolder("Garbage", PluginSandbox.Manifest("Garbage", "Garbage.dll"));
        File.WriteAllText(Path.Combine(folder, "Garbage.dll"), "MZ not really");

        var result = LoadEnabled(folder);

        Assert.Equal(PluginState.NotSupported, result.State);
        Assert.StartsWith("The assembly cannot be loaded", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadAll_MissingPluginsDirectory_ReturnsNoPlugins()
    {
        var results = CreateSut().LoadAll(Path.Combine(_sandbox.Root, "nowhere"), _ => true);

        Assert.Empty(results);
    }

    [Fact]
    public void LoadAll_SeveralFolders_ReturnsOneResultEachInOrder()
    {
        _sandbox.AddBuilt(TestPluginIds.NeedsNewerHost);
        _sandbox.AddBuilt(TestPluginIds.Good);
        _sandbox.AddFolder("Broken", "not json");

        var results = CreateSut().LoadAll(_sandbox.PluginsDirectory, _ => true);

        Assert.Equal(["Broken", TestPluginIds.Good, TestPluginIds.NeedsNewerHost], results.Select(r => r.Id));
        Assert.Equal([PluginState.NotSupported, PluginState.Starting, PluginState.NotSupported], results.Select(r => r.State));
    }
}
