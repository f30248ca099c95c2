using System.Text.RegularExpressions;

namespace RecAce.Plugin.FolderImport;

/// <summary>
/// The names Asterisk MixMonitor writes under FreePBX's default recording settings:
/// <c>in-&lt;dialed extension&gt;-&lt;caller number&gt;-&lt;yyyyMMdd&gt;-&lt;HHmmss&gt;-&lt;uniqueid&gt;</c>,
/// <c>out-&lt;dialed number&gt;-&lt;caller extension&gt;-...</c> and
/// <c>internal-</c> / <c>exten-&lt;dialed extension&gt;-&lt;caller extension&gt;-...</c>.
/// </summary>
/// <remarks>
/// For internal calls the caller's extension is taken as the staff side and the dialed extension as
/// the other party, as for outbound calls. Other FreePBX prefixes (<c>q-</c>, <c>rg-</c>,
/// <c>force-</c>, <c>ondemand-</c>, ...) put the parties in varying places, so for them only the
/// start time and unique id are read and the direction stays unknown.
/// </remarks>
public static class MixMonitorNaming
{
    /// <summary>The value of <c>FileNamePattern</c> that selects this preset (the default).</summary>
    public const string PresetName = "mixmonitor";

    // Numbers may be empty (withheld caller id) or words such as "anonymous", but never contain '-'.
    private const string Tail = @"-(?<date>\d{8})-(?<time>\d{6})-(?<uniqueid>\d+(?:\.\d+)?)$";

    /// <summary>Calls whose direction and parties the prefix tells.</summary>
    public const string KnownPattern =
        "^(?:(?<direction>in)-(?<staff>[^-]*)-(?<outside>[^-]*)"
        + "|(?<direction>out)-(?<outside>[^-]*)-(?<staff>[^-]*)"
        + "|(?<direction>internal|exten)-(?<outside>[^-]*)-(?<staff>[^-]*))"
        + Tail;

    /// <summary>Any other prefix: only the start time and unique id are read.</summary>
    public const string OtherPattern = "^[^-]+-[^-]*-[^-]*" + Tail;

    /// <summary>Creates a parser for the preset.</summary>
    /// <returns>The parser.</returns>
    public static FileNameParser CreateParser() => new(
        new Regex(KnownPattern, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1)),
        new Regex(OtherPattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
}
