namespace RecAce.Core.Plugins;

/// <summary>
/// The raw shape of <c>plugin.json</c>. Every member is nullable so a missing field gets a clear
/// message from <see cref="PluginManifestReader"/> instead of a serializer error.
/// Unknown members are ignored so newer manifests (with a description, say) still load.
/// </summary>
internal sealed class PluginManifestJson
{
    public string? Id { get; set; }

    public string? Version { get; set; }

    public string? MinHostVersion { get; set; }

    public List<string?>? Assemblies { get; set; }
}
