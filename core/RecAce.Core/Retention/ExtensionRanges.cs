using System.Globalization;

namespace RecAce.Core.Retention;

/// <summary>
/// A department's extensions as written by an administrator: "200-249, 301, 4001-4010". A single
/// entry matches exactly (so "0120" stays text); a range compares numbers of the same length, so
/// "200-249" does not catch "2000".
/// </summary>
public sealed class ExtensionRanges
{
    public const int MaxEntries = 200;
    private readonly List<(string From, string To)> _entries;

    private ExtensionRanges(List<(string From, string To)> entries) => _entries = entries;

    /// <returns>Null with <paramref name="error"/> set when the text is not a valid list.</returns>
    public static ExtensionRanges? TryParse(string? text, out string? error)
    {
        error = null;
        var entries = new List<(string, string)>();
        foreach (var raw in (text ?? "").Split([',', '、', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = raw.IndexOf('-', StringComparison.Ordinal);
            var from = dash < 0 ? raw : raw[..dash].Trim();
            var to = dash < 0 ? raw : raw[(dash + 1)..].Trim();
            if (!IsExtension(from) || !IsExtension(to) || (dash >= 0 && (from.Length != to.Length || string.CompareOrdinal(from, to) > 0)))
            {
                error = $"'{raw}' is not an extension or a range like 200-249";
                return null;
            }

            entries.Add((from, to));
        }

        if (entries.Count == 0) error = "no extensions";
        else if (entries.Count > MaxEntries) error = $"at most {MaxEntries} entries";
        return error is null ? new ExtensionRanges(entries) : null;
    }

    public bool Contains(string? extension)
    {
        if (string.IsNullOrEmpty(extension)) return false;
        foreach (var (from, to) in _entries)
        {
            if (from == to ? extension == from : extension.Length == from.Length && extension.All(char.IsAsciiDigit)
                && string.CompareOrdinal(extension, from) >= 0 && string.CompareOrdinal(extension, to) <= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsExtension(string s) => s.Length is > 0 and <= 32 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '*' or '#' or '+');

    public override string ToString() => string.Join(", ", _entries.Select(e => e.From == e.To ? e.From : string.Create(CultureInfo.InvariantCulture, $"{e.From}-{e.To}")));
}
