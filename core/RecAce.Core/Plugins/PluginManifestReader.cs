using System.Text.Json;
using System.Text.RegularExpressions;

namespace RecAce.Core.Plugins;

/// <summary>Reads <c>plugin.json</c> and turns every way it can be wrong into one clear message.</summary>
internal static partial class PluginManifestReader
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = false,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 8,
    };

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    public static PluginManifest Read(string pluginDirectory)
    {
        var directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(pluginDirectory));
        var folderName = Path.GetFileName(directory);
        var file = new FileInfo(Path.Combine(directory, PluginManifest.FileName));
        if (!file.Exists)
            throw new InvalidPluginManifestException($"No {PluginManifest.FileName} in plugin folder '{folderName}'.");
        if (file.Length > PluginManifest.MaxFileBytes)
            throw new InvalidPluginManifestException(
                $"{PluginManifest.FileName} is {file.Length} bytes; the limit is {PluginManifest.MaxFileBytes}.");

        var json = Parse(file);
        var id = RequireId(json.Id, folderName);
        var version = RequireVersion(json.Version, "version");
        var minHostVersion = RequireVersion(json.MinHostVersion, "minHostVersion");
        if (json.Assemblies is not { Count: > 0 })
            throw new InvalidPluginManifestException("\"assemblies\" must list at least one assembly; the first is loaded.");

        var assemblyPaths = json.Assemblies.Select(a => PluginAssemblyPath.Resolve(directory, a)).ToList();
        return new PluginManifest(id, version, minHostVersion, assemblyPaths, directory);
    }

    private static PluginManifestJson Parse(FileInfo file)
    {
        try
        {
            // Read at most one byte past the limit: the length checked above may be stale, or a link's.
            var buffer = new byte[PluginManifest.MaxFileBytes + 1];
            int read;
            using (var stream = File.OpenRead(file.FullName))
                read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            if (read > PluginManifest.MaxFileBytes)
                throw new InvalidPluginManifestException(
                    $"{PluginManifest.FileName} is larger than the limit of {PluginManifest.MaxFileBytes} bytes.");
            var json = buffer.AsSpan(0, read);
            // Editors on Windows often save UTF-8 with a byte-order mark, which the JSON reader rejects.
            if (json.StartsWith(Utf8Bom))
                json = json[Utf8Bom.Length..];
            return JsonSerializer.Deserialize<PluginManifestJson>(json, JsonOptions)
                ?? throw new InvalidPluginManifestException($"{PluginManifest.FileName} is 'null', not an object.");
        }
        catch (JsonException ex)
        {
            throw new InvalidPluginManifestException($"{PluginManifest.FileName} is not valid JSON: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new InvalidPluginManifestException($"{PluginManifest.FileName} cannot be read: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new InvalidPluginManifestException($"{PluginManifest.FileName} cannot be read: {ex.Message}", ex);
        }
    }

    private static string RequireId(string? id, string folderName)
    {
        if (string.IsNullOrEmpty(id))
            throw new InvalidPluginManifestException("\"id\" is missing.");
        // All-dot ids match the pattern but would name the parent folder in <DataDirectory>/plugins/<id>.
        if (!IdPattern().IsMatch(id) || id.All(c => c == '.'))
            throw new InvalidPluginManifestException(
                $"\"id\" '{Truncate(id)}' is not 1 to 64 of the characters A-Z a-z 0-9 _ . - (and not only dots).");
        if (!string.Equals(id, folderName, StringComparison.Ordinal))
            throw new InvalidPluginManifestException($"\"id\" '{id}' does not match the plugin folder name '{folderName}'.");
        return id;
    }

    private static Version RequireVersion(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new InvalidPluginManifestException($"\"{field}\" is missing.");
        if (!System.Version.TryParse(text, out var version))
            throw new InvalidPluginManifestException(
                $"\"{field}\" '{Truncate(text)}' is not a version like 1.2.3.");
        return version;
    }

    private static string Truncate(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 80), "...");
}
