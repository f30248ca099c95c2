using System.Globalization;

namespace RecAce.Web.Disclosure;

/// <summary>
/// Reads the disclosure page's text fields into a request: ranges one per line as "from-to" in
/// seconds (or m:ss), segment masks as "segmentId:from-to", literal masks one per line.
/// </summary>
public static class DisclosureForm
{
    /// <returns>The request, and the lines that could not be read (by field).</returns>
    public static (DisclosureRequest Request, Dictionary<string, string[]> Errors) Parse(string? reason, string? ranges, string? segmentMasks, string? literalMasks)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var muted = new List<MutedRange>();
        foreach (var line in Lines(ranges))
        {
            var dash = line.IndexOf('-', 1);
            if (dash > 0 && Seconds(line[..dash]) is { } from && Seconds(line[(dash + 1)..]) is { } to) muted.Add(new MutedRange(from, to));
            else Add(errors, "mutedRanges", $"'{line}' is not a range like 12.5-15 or 1:05-1:20.");
        }

        var masks = new List<TextMask>();
        foreach (var line in Lines(segmentMasks))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var dash = line.IndexOf('-', colon + 1);
            if (colon > 0 && dash > colon && long.TryParse(line[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && int.TryParse(line[(colon + 1)..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var f)
                && int.TryParse(line[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                masks.Add(new TextMask(id, f, t, null));
            }
            else
            {
                Add(errors, "textMasks", $"'{line}' is not a segment mask like 12:0-5.");
            }
        }

        masks.AddRange(Lines(literalMasks).Select(l => new TextMask(null, null, null, l)));
        return (new DisclosureRequest(reason, muted, masks), errors);
    }

    private static IEnumerable<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(1000);

    private static double? Seconds(string text)
    {
        text = text.Trim();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) return double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var s) ? s : null;
        return int.TryParse(text[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            && double.TryParse(text[(colon + 1)..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var sec) ? (m * 60) + sec : null;
    }

    private static void Add(Dictionary<string, string[]> errors, string field, string message) =>
        errors[field] = errors.TryGetValue(field, out var m) ? [.. m, message] : [message];
}
