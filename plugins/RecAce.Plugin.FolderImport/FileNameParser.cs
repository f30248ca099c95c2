using System.Globalization;
using System.Text.RegularExpressions;
using RecAce.Plugins;

namespace RecAce.Plugin.FolderImport;

/// <summary>
/// Reads call metadata from a recording's file name with regular expressions whose named groups
/// are <c>direction</c>, <c>outside</c>, <c>staff</c>, <c>uniqueid</c>, and the time as either
/// <c>date</c> (yyyyMMdd) and <c>time</c> (HHmmss) or <c>yyyy</c>, <c>MM</c>, <c>dd</c>,
/// <c>HH</c>, <c>mm</c>, <c>ss</c>.
/// </summary>
/// <remarks>
/// Patterns are tried in order against the name without its extension, then against the whole
/// name (so a custom pattern may include the extension); the first match wins. Thread safe.
/// </remarks>
public sealed class FileNameParser
{
    private readonly IReadOnlyList<Regex> _patterns;

    /// <summary>Creates a parser trying <paramref name="patterns"/> in order.</summary>
    /// <param name="patterns">The patterns; at least one.</param>
    public FileNameParser(params IReadOnlyList<Regex> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        if (patterns.Count == 0)
            throw new ArgumentException("At least one pattern is needed.", nameof(patterns));
        _patterns = patterns;
    }

    /// <summary>Parses a file name; never throws for names that do not match.</summary>
    /// <param name="fileName">The file name (a directory part is ignored).</param>
    /// <param name="timeZone">The time zone the time in the name is in.</param>
    /// <returns>The metadata found, or <see cref="RecordingName.Unknown"/>.</returns>
    public RecordingName Parse(string fileName, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(timeZone);
        var name = Path.GetFileName(fileName);
        var stem = Path.GetFileNameWithoutExtension(name);
        foreach (var pattern in _patterns)
        {
            var match = Match(pattern, stem);
            if (!match.Success)
                match = Match(pattern, name);
            if (match.Success)
                return FromMatch(match, timeZone);
        }
        return RecordingName.Unknown;
    }

    private static Match Match(Regex pattern, string input)
    {
        try
        {
            return pattern.Match(input);
        }
        catch (RegexMatchTimeoutException)
        {
            // A pathological custom pattern must not stop the import; the file is imported without name metadata.
            return System.Text.RegularExpressions.Match.Empty;
        }
    }

    private static RecordingName FromMatch(Match match, TimeZoneInfo timeZone) => new(
        ParseDirection(Group(match, "direction")),
        Group(match, "outside"),
        Group(match, "staff"),
        ParseStart(match, timeZone),
        Group(match, "uniqueid"));

    private static string? Group(Match match, string name)
    {
        var group = match.Groups[name];
        return group.Success && group.Value.Length > 0 ? group.Value : null;
    }

    /// <summary>Maps a direction word from a file name to a <see cref="CallDirection"/>.</summary>
    /// <param name="text">The word, for example <c>in</c>, <c>out</c>, <c>internal</c> or <c>exten</c>.</param>
    /// <returns>The direction, or <see cref="CallDirection.Unknown"/>.</returns>
    public static CallDirection ParseDirection(string? text) => text?.ToUpperInvariant() switch
    {
        "IN" or "INBOUND" or "INCOMING" => CallDirection.Inbound,
        "OUT" or "OUTBOUND" or "OUTGOING" => CallDirection.Outbound,
        "INTERNAL" or "EXTEN" or "LOCAL" => CallDirection.Internal,
        _ => CallDirection.Unknown,
    };

    private static DateTimeOffset? ParseStart(Match match, TimeZoneInfo timeZone)
    {
        var date = Digits(Group(match, "date"));
        var time = Digits(Group(match, "time"));
        string? yyyy = Group(match, "yyyy"), mo = Group(match, "MM"), dd = Group(match, "dd");
        string? hh = Group(match, "HH"), mi = Group(match, "mm"), ss = Group(match, "ss");
        if (date is { Length: 8 })
            (yyyy, mo, dd) = (date[..4], date[4..6], date[6..8]);
        if (time is { Length: 6 or 4 })
            (hh, mi, ss) = (time[..2], time[2..4], time.Length == 6 ? time[4..6] : "0");
        if (yyyy is null || mo is null || dd is null || hh is null)
            return null;

        var text = string.Join('-', yyyy, mo, dd, hh, mi ?? "0", ss ?? "0");
        if (!DateTime.TryParseExact(text, "yyyy-M-d-H-m-s", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return null;
        return new DateTimeOffset(local, timeZone.GetUtcOffset(local));
    }

    private static string? Digits(string? text) => text is null ? null : string.Concat(text.Where(char.IsAsciiDigit));
}
