namespace RecAce.Core.Plugins;

/// <summary>
/// Resolves an assembly path from a manifest so that it can only name a file inside the plugin
/// folder: a manifest is data from a third party and must not make the host load a file elsewhere.
/// </summary>
internal static class PluginAssemblyPath
{
    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <param name="pluginDirectory">Full path of the plugin folder, without a trailing separator.</param>
    /// <param name="relativePath">The path as written in the manifest.</param>
    /// <returns>The full path of an existing file inside the folder.</returns>
    /// <exception cref="InvalidPluginManifestException">The path is empty, rooted, UNC, escapes the folder or names no file.</exception>
    public static string Resolve(string pluginDirectory, string? relativePath)
    {
        if (string.IsNullOrWhiteSpace(relativePath))
            throw new InvalidPluginManifestException("\"assemblies\" contains an empty path.");
        if (relativePath.Contains('\0', StringComparison.Ordinal))
            throw new InvalidPluginManifestException("\"assemblies\" contains a path with a NUL character.");

        // Checked on every OS, not only where the OS would treat them as rooted: on Linux
        // "\\server\share\x.dll" and "C:\x.dll" are odd relative names, but a manifest carrying
        // them was written to point outside the folder and should be refused as such.
        if (relativePath.StartsWith(@"\\", StringComparison.Ordinal) || relativePath.StartsWith("//", StringComparison.Ordinal))
            throw new InvalidPluginManifestException($"Assembly path '{relativePath}' is a UNC path; paths must be relative to the plugin folder.");
        if (Path.IsPathRooted(relativePath) || relativePath[0] is '/' or '\\' || relativePath.Contains(':', StringComparison.Ordinal))
            throw new InvalidPluginManifestException($"Assembly path '{relativePath}' is absolute; paths must be relative to the plugin folder.");
        if (!relativePath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            throw new InvalidPluginManifestException($"Assembly path '{relativePath}' does not name a .dll file.");

        var fullPath = Path.GetFullPath(Path.Combine(pluginDirectory, relativePath));
        if (!IsInside(pluginDirectory, fullPath))
            throw new InvalidPluginManifestException($"Assembly path '{relativePath}' points outside the plugin folder.");
        if (!File.Exists(fullPath))
            throw new InvalidPluginManifestException($"Assembly '{relativePath}' listed in the manifest does not exist in the plugin folder.");

        // A symbolic link inside the folder may still point outside it.
        var target = File.ResolveLinkTarget(fullPath, returnFinalTarget: true);
        if (target is not null && !IsInside(pluginDirectory, Path.GetFullPath(target.FullName)))
            throw new InvalidPluginManifestException($"Assembly path '{relativePath}' is a link to a file outside the plugin folder.");
        return fullPath;
    }

    private static bool IsInside(string directory, string fullPath) =>
        fullPath.StartsWith(directory + Path.DirectorySeparatorChar, PathComparison);
}
