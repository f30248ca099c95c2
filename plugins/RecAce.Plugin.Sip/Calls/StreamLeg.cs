using RecAce.Plugins;

namespace RecAce.Plugin.Sip.Calls;

/// <summary>Which leg an offered m-line records: by its SIPREC label, or by its position.</summary>
internal sealed record StreamLeg(int Index, string? Label, string LegId, LegRole Role)
{
    /// <summary>A leg id from the label when it is plain enough for file names, else from the position.</summary>
    public static string IdFor(int index, string? label) =>
        label is { Length: > 0 and <= 32 } && label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? "label-" + label
            : "m" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
