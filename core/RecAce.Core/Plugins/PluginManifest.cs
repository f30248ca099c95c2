namespace RecAce.Core.Plugins;

/// <summary>
/// A plugin's <c>plugin.json</c>, validated: the id matches its folder, versions parse, and every
/// assembly path is a full path to an existing file inside the plugin folder.
/// </summary>
/// <param name="Id">The plugin id; equal to the folder name. 1 to 64 of <c>A-Z a-z 0-9 _ . -</c>.</param>
/// <param name="Version">The plugin's own version.</param>
/// <param name="MinHostVersion">The oldest host version the plugin runs on.</param>
/// <param name="AssemblyPaths">Full paths of the manifest's assemblies, in manifest order; the first is the one loaded.</param>
/// <param name="Directory">Full path of the plugin folder.</param>
public sealed record PluginManifest(
    string Id,
    Version Version,
    Version MinHostVersion,
    IReadOnlyList<string> AssemblyPaths,
    string Directory)
{
    /// <summary>The manifest's file name inside a plugin folder.</summary>
    public const string FileName = "plugin.json";

    /// <summary>Largest manifest accepted; a manifest is a few hundred bytes, anything bigger is not one.</summary>
    public const int MaxFileBytes = 64 * 1024;

    /// <summary>The assembly the host loads; the others are its dependencies.</summary>
    public string MainAssemblyPath => AssemblyPaths[0];

    /// <summary>
    /// Reads and validates <c>plugin.json</c> in <paramref name="pluginDirectory"/>.
    /// </summary>
    /// <param name="pluginDirectory">The plugin folder, <c>plugins/&lt;id&gt;</c>.</param>
    /// <exception cref="InvalidPluginManifestException">The manifest is missing, unreadable or invalid; the message says why.</exception>
    public static PluginManifest Read(string pluginDirectory) => PluginManifestReader.Read(pluginDirectory);
}
