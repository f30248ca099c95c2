using System.Net;
using System.Text.RegularExpressions;
using RecAce.Plugin.Sip.B2bua;

namespace RecAce.Web.Inline;

/// <summary>A route as typed in the admin form, and its field-by-field validation.</summary>
public sealed class RouteInput
{
    public static readonly IReadOnlyList<string> Actions = ["announce-connect", "connect", "reject"];

    public string? Match { get; set; }
    public string? Source { get; set; }
    public string? Action { get; set; } = "announce-connect";
    public string? Target { get; set; }
    public string? AnnouncementId { get; set; }
    public bool Record { get; set; } = true;
    public bool EarlyMedia { get; set; }
    public int BeepIntervalSeconds { get; set; }
    public int RingTimeoutSeconds { get; set; } = 60;

    /// <summary>Errors by field name; each value is a resource key (Japanese first). Empty when the route is valid.</summary>
    /// <param name="announcementExists">Whether an uploaded announcement has this id.</param>
    public Dictionary<string, string> Validate(Func<string, bool> announcementExists)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        Match = Match?.Trim();
        Source = string.IsNullOrWhiteSpace(Source) ? null : Source.Trim();
        Target = string.IsNullOrWhiteSpace(Target) ? null : Target.Trim();
        AnnouncementId = string.IsNullOrWhiteSpace(AnnouncementId) ? null : AnnouncementId.Trim();
        if (string.IsNullOrEmpty(Match) || Match.Length > 256) errors[nameof(Match)] = "RouteMatchRequired";
        else if (!RegexCompiles(Match)) errors[nameof(Match)] = "RouteMatchInvalid";
        if (Source is not null && !IsAddressOrCidr(Source)) errors[nameof(Source)] = "RouteSourceInvalid";
        if (Action is null || !Actions.Contains(Action)) errors[nameof(Action)] = "RouteActionInvalid";
        if (Action != "reject" && (Target is null || Target.Length > 256 || !IsSipTarget(Target))) errors[nameof(Target)] = "RouteTargetInvalid";
        if (Action == "announce-connect" && AnnouncementId is null) errors[nameof(AnnouncementId)] = "RouteAnnouncementRequired";
        else if (AnnouncementId is not null && !announcementExists(AnnouncementId)) errors[nameof(AnnouncementId)] = "RouteAnnouncementUnknown";
        if (BeepIntervalSeconds is < 0 or > 3600) errors[nameof(BeepIntervalSeconds)] = "RouteBeepInvalid";
        if (RingTimeoutSeconds is < 1 or > 600) errors[nameof(RingTimeoutSeconds)] = "RouteRingTimeoutInvalid";
        return errors;
    }

    private static bool RegexCompiles(string pattern)
    {
        try
        {
            // The plugin compiles it the same way: culture-invariant, 100 ms match timeout.
            _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool IsAddressOrCidr(string text) =>
        text.Length <= 64 && (IPAddress.TryParse(text, out _) || (text.Contains('/', StringComparison.Ordinal) && IPNetwork.TryParse(text, out _)));

    /// <summary>
    /// <c>sip:[user@]IP[:port]</c> (an IP address, as the plugin dials without DNS); <c>{number}</c> stands for the called number.
    /// Checked by the plugin's own parser (its source file is compiled into this assembly too), so the form accepts exactly what the plugin can dial.
    /// </summary>
    internal static bool IsSipTarget(string uri) => SipTarget.TryParse(uri.Replace("{number}", "0", StringComparison.Ordinal), out _);
}
