namespace RecAce.Core.Tests.Plugins;

/// <summary>A temporary plugins folder and data folder for one test, deleted afterwards.</summary>
internal sealed class PluginSandbox : IDisposable
{
    public PluginSandbox()
    {
        Root = Path.Combine(Path.GetTempPath(), "recace-plugins-" + Guid.NewGuid().ToString("N"));
        PluginsDirectory = Path.Combine(Root, "plugins");
        DataDirectory = Path.Combine(Root, "data");
        Directory.CreateDirectory(PluginsDirectory);
        Directory.CreateDirectory(DataDirectory);
    }

    public string Root { get; }

    public string PluginsDirectory { get; }

    public string DataDirectory { get; }

    public static string BuiltPluginsDirectory => Path.Combine(AppContext.BaseDirectory, "testplugins");

    public string PluginDirectory(string id) => Path.Combine(PluginsDirectory, id);

    /// <summary>Copies a compiled test plugin into the sandbox as plugins/&lt;id&gt;/.</summary>
    public string AddBuilt(string id)
    {
        var source = Path.Combine(BuiltPluginsDirectory, id);
        Assert.True(Directory.Exists(source), $"Test plugin {id} was not built into {source}.");
        var target = PluginDirectory(id);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return target;
    }

    /// <summary>Creates plugins/&lt;id&gt;/ with the given plugin.json and (empty) files.</summary>
    public string AddFolder(string id, string manifestJson, params string[] files)
    {
        var folder = PluginDirectory(id);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "plugin.json"), manifestJson);
        foreach (var file in files)
            File.WriteAllBytes(Path.Combine(folder, file), []);
        return folder;
    }

    public static string Manifest(string id, params string[] assemblies) =>
        System.Text.Json.JsonSerializer.Serialize(new { id, version = "1.0.0", minHostVersion = "1.0.0", assemblies });

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A loaded plugin may hold its file open on some systems; the temp folder is cleaned by the OS.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
