using System.Text.Json;
using RecAce.Plugins;

namespace RecAce.Plugin.FolderImport;

/// <summary>
/// Reads sidecar files strictly: a single JSON object with only the known camelCase properties
/// (<c>direction</c>, <c>outsideNumber</c>, <c>outsideName</c>, <c>staffExtension</c>,
/// <c>staffName</c>, <c>startedAt</c>, <c>callId</c>, <c>extra</c>), each a string or null,
/// <c>extra</c> an object of strings. Anything else is refused, because a recording must not be
/// stored under guessed metadata.
/// </summary>
public static class SidecarReader
{
    /// <summary>The sidecar file extension.</summary>
    public const string Extension = ".json";

    private const int MaxBytes = 64 * 1024;
    private const int MaxTextLength = 256;
    private const int MaxExtraKeyLength = 64;
    private const int MaxExtraValueLength = 1024;

    private static readonly JsonDocumentOptions s_options = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 4,
    };

    /// <summary>Finds the sidecar of a recording.</summary>
    /// <param name="recordingPath">The recording.</param>
    /// <returns>The sidecar's path, or null when there is none.</returns>
    public static string? Find(string recordingPath)
    {
        foreach (var extension in new[] { Extension, Extension.ToUpperInvariant() })
        {
            var candidate = Path.ChangeExtension(recordingPath, extension);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    /// <summary>Reads a sidecar file.</summary>
    /// <param name="path">The sidecar.</param>
    /// <param name="timeZone">The zone of a <c>startedAt</c> given without an offset.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The sidecar.</returns>
    /// <exception cref="FormatException">The sidecar is malformed; the message says where.</exception>
    public static async Task<Sidecar> ReadAsync(string path, TimeZoneInfo timeZone, CancellationToken cancellationToken)
    {
        if (new FileInfo(path).Length > MaxBytes)
            throw new FormatException($"sidecar is larger than {MaxBytes / 1024} KiB");
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(bytes, timeZone);
    }

    /// <summary>Parses sidecar content.</summary>
    /// <param name="utf8Json">The file's bytes (UTF-8, a byte order mark is allowed).</param>
    /// <param name="timeZone">The zone of a <c>startedAt</c> given without an offset.</param>
    /// <returns>The sidecar.</returns>
    /// <exception cref="FormatException">The content is malformed; the message says where.</exception>
    public static Sidecar Parse(ReadOnlyMemory<byte> utf8Json, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        ReadOnlyMemory<byte> bom = "\uFEFF"u8.ToArray();
        if (utf8Json.Span.StartsWith(bom.Span))
            utf8Json = utf8Json[bom.Length..];

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, s_options);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"sidecar is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new FormatException($"sidecar must be a JSON object, not {root.ValueKind}");

            var seen = new HashSet<string>(StringComparer.Ordinal);
            CallDirection? direction = null;
            string? outsideNumber = null, outsideName = null, staffExtension = null, staffName = null, callId = null;
            DateTimeOffset? startedAt = null;
            IReadOnlyDictionary<string, string> extra = new Dictionary<string, string>();
            foreach (var property in root.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                    throw new FormatException($"sidecar property '{property.Name}' is given twice");
                var value = property.Value;
                switch (property.Name)
                {
                    case "direction": direction = ParseDirection(value); break;
                    case "outsideNumber": outsideNumber = Text(property); break;
                    case "outsideName": outsideName = Text(property); break;
                    case "staffExtension": staffExtension = Text(property); break;
                    case "staffName": staffName = Text(property); break;
                    case "callId": callId = Text(property); break;
                    case "startedAt": startedAt = ParseTime(property, timeZone); break;
                    case "extra": extra = ParseExtra(value); break;
                    default: throw new FormatException($"sidecar property '{property.Name}' is not known");
                }
            }
            return new Sidecar(direction, outsideNumber, outsideName, staffExtension, staffName, startedAt, callId, extra);
        }
    }

    private static string? Text(JsonProperty property)
    {
        switch (property.Value.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.String:
                var text = property.Value.GetString()!;
                if (text.Length > MaxTextLength)
                    throw new FormatException($"sidecar property '{property.Name}' is longer than {MaxTextLength} characters");
                return text.Length == 0 ? null : text;
            default:
                throw new FormatException($"sidecar property '{property.Name}' must be a string, not {property.Value.ValueKind}");
        }
    }

    private static CallDirection? ParseDirection(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
            return null;
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (string.Equals(text, "unknown", StringComparison.OrdinalIgnoreCase))
            return CallDirection.Unknown;
        var direction = FileNameParser.ParseDirection(text);
        if (direction == CallDirection.Unknown)
            throw new FormatException($"sidecar property 'direction' must be one of inbound, outbound, internal, unknown, not {value.GetRawText()}");
        return direction;
    }

    private static DateTimeOffset? ParseTime(JsonProperty property, TimeZoneInfo timeZone)
    {
        var value = property.Value;
        if (value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind != JsonValueKind.String || !value.TryGetDateTime(out var time))
            throw new FormatException($"sidecar property 'startedAt' must be an ISO 8601 time such as 2024-01-02T09:30:00+09:00, not {value.GetRawText()}");
        if (time.Kind == DateTimeKind.Unspecified)
            return new DateTimeOffset(time, timeZone.GetUtcOffset(time));
        // The string carried an offset or Z: keep the instant it names.
        return value.GetDateTimeOffset();
    }

    private static Dictionary<string, string> ParseExtra(JsonElement value)
    {
        var extra = new Dictionary<string, string>(StringComparer.Ordinal);
        if (value.ValueKind == JsonValueKind.Null)
            return extra;
        if (value.ValueKind != JsonValueKind.Object)
            throw new FormatException($"sidecar property 'extra' must be an object of strings, not {value.ValueKind}");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Name.Length is 0 or > MaxExtraKeyLength)
                throw new FormatException($"sidecar 'extra' key '{item.Name}' must be 1 to {MaxExtraKeyLength} characters");
            if (item.Value.ValueKind != JsonValueKind.String)
                throw new FormatException($"sidecar 'extra.{item.Name}' must be a string, not {item.Value.ValueKind}");
            var text = item.Value.GetString()!;
            if (text.Length > MaxExtraValueLength)
                throw new FormatException($"sidecar 'extra.{item.Name}' is longer than {MaxExtraValueLength} characters");
            if (!extra.TryAdd(item.Name, text))
                throw new FormatException($"sidecar 'extra.{item.Name}' is given twice");
        }
        return extra;
    }
}
