using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using RecAce.Plugins;

namespace RecAce.Plugin.FolderImport;

/// <summary>
/// Settings of the folder import adapter, read from <c>Plugins:FolderImport</c>.
/// </summary>
/// <remarks>
/// Read key by key from <see cref="IConfiguration"/> so the plugin need not ship a configuration binder.
/// </remarks>
public sealed record FolderImportOptions
{
    /// <summary>The default extensions, matched without regard to case.</summary>
    public static readonly IReadOnlyList<string> DefaultExtensions = [".wav", ".mp3", ".ogg", ".flac"];

    /// <summary>The folder the PBX writes recordings to. Required.</summary>
    public required string Path { get; init; }

    /// <summary>How often the folder is scanned even without watcher events. Default 2 seconds.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long size and modification time must stay unchanged before a file counts as complete. Default 2 seconds.</summary>
    public TimeSpan StableFor { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Parses file names into call metadata.</summary>
    public required FileNameParser FileNameParser { get; init; }

    /// <summary>The time zone of the times in file names. Default Asia/Tokyo.</summary>
    public required TimeZoneInfo TimeZone { get; init; }

    /// <summary>Roles of channel 0 and channel 1 of a stereo file. Default outside, staff.</summary>
    public IReadOnlyList<LegRole> ChannelRoles { get; init; } = [LegRole.Outside, LegRole.Staff];

    /// <summary>Whether recordings in subfolders (such as FreePBX's <c>yyyy/MM/dd/</c>) are imported too. Default true.</summary>
    public bool IncludeSubdirectories { get; init; } = true;

    /// <summary>File extensions (with the dot) that are imported, matched without regard to case.</summary>
    public IReadOnlyList<string> Extensions { get; init; } = DefaultExtensions;

    /// <summary>Reads and checks the options.</summary>
    /// <param name="section">The <c>Plugins:FolderImport</c> section.</param>
    /// <exception cref="FormatException">A value is missing or invalid; the message names the key.</exception>
    public static FolderImportOptions Read(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var path = section["Path"];
        if (string.IsNullOrWhiteSpace(path))
            throw new FormatException("Plugins:FolderImport:Path is not set: give the folder the PBX writes recordings to.");

        var timeZoneId = Text(section, "TimeZone") ?? "Asia/Tokyo";
        TimeZoneInfo timeZone;
        try
        {
            timeZone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new FormatException($"Plugins:FolderImport:TimeZone '{timeZoneId}' is not a known time zone.", ex);
        }

        return new FolderImportOptions
        {
            Path = System.IO.Path.GetFullPath(path),
            PollInterval = Seconds(section, "PollIntervalSeconds", 2),
            StableFor = Seconds(section, "StableSeconds", 2),
            FileNameParser = ReadParser(section),
            TimeZone = timeZone,
            ChannelRoles = ReadChannelRoles(section),
            Extensions = ReadExtensions(section),
            IncludeSubdirectories = ReadBoolean(section, "IncludeSubdirectories", true),
        };
    }

    private static string? Text(IConfiguration section, string key)
    {
        var value = section[key];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static TimeSpan Seconds(IConfiguration section, string key, double fallback)
    {
        var text = Text(section, key);
        if (text is null)
            return TimeSpan.FromSeconds(fallback);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            || seconds <= 0 || seconds > 3600)
            throw new FormatException($"Plugins:FolderImport:{key} must be a number of seconds above 0 and at most 3600, not '{text}'.");
        return TimeSpan.FromSeconds(seconds);
    }

    private static bool ReadBoolean(IConfiguration section, string key, bool fallback)
    {
        var text = Text(section, key);
        if (text is null)
            return fallback;
        return bool.TryParse(text, out var value)
            ? value
            : throw new FormatException($"Plugins:FolderImport:{key} must be true or false, not '{text}'.");
    }

    private static FileNameParser ReadParser(IConfiguration section)
    {
        var pattern = Text(section, "FileNamePattern") ?? MixMonitorNaming.PresetName;
        if (string.Equals(pattern, MixMonitorNaming.PresetName, StringComparison.OrdinalIgnoreCase))
            return MixMonitorNaming.CreateParser();
        try
        {
            return new FileNameParser(new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"Plugins:FolderImport:FileNamePattern is neither '{MixMonitorNaming.PresetName}' nor a valid regular expression: {ex.Message}", ex);
        }
    }

    private static LegRole[] ReadChannelRoles(IConfiguration section)
    {
        var text = Text(section, "ChannelRoles");
        if (text is null)
            return [LegRole.Outside, LegRole.Staff];
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var roles = parts.Select(p => p.ToUpperInvariant() switch
        {
            "OUTSIDE" => LegRole.Outside,
            "STAFF" => LegRole.Staff,
            _ => (LegRole?)null,
        }).ToArray();
        if (roles.Length != 2 || roles.Any(r => r is null) || roles[0] == roles[1])
            throw new FormatException($"Plugins:FolderImport:ChannelRoles must be 'outside,staff' or 'staff,outside', not '{text}'.");
        return [roles[0]!.Value, roles[1]!.Value];
    }

    private static string[] ReadExtensions(IConfiguration section)
    {
        var text = Text(section, "Extensions");
        if (text is null)
            return [.. DefaultExtensions];
        var extensions = text
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.StartsWith('.') ? e : "." + e)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();
        if (extensions.Length == 0)
            throw new FormatException("Plugins:FolderImport:Extensions lists no extension.");
        if (extensions.Any(e => e.Equals(SidecarReader.Extension, StringComparison.OrdinalIgnoreCase)))
            throw new FormatException("Plugins:FolderImport:Extensions must not list .json: it is the sidecar extension.");
        return extensions;
    }
}
