using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using RecAce.Plugin.Sip.Protection;

namespace RecAce.Plugin.Sip.B2bua;

/// <summary>What a route does with a matching INVITE.</summary>
public enum RouteAction
{
    /// <summary>Answer the caller, play the announcement, then place the call to the target.</summary>
    AnnounceConnect,

    /// <summary>Place the call to the target at once; the caller hears the target's ringing.</summary>
    Connect,

    /// <summary>Refuse the call (403).</summary>
    Reject,
}

/// <summary>
/// One entry of <c>Plugins:Sip:Routes</c>: which INVITEs it takes (called number, source) and
/// how the in-line recorder handles them. Routes are tried in order; the first match wins.
/// </summary>
public sealed record SipRoute
{
    /// <summary>Regular expression on the called number (the Request-URI user part), with a 100 ms match timeout.</summary>
    public required Regex Match { get; init; }

    /// <summary>Only INVITEs from this range match; null matches any allowed source.</summary>
    public AddressRange? Source { get; init; }

    /// <summary>What to do with the call.</summary>
    public RouteAction Action { get; init; } = RouteAction.Connect;

    /// <summary>Where the call is placed (<c>sip:user@host:port</c>); <c>{number}</c> is replaced by the called number.</summary>
    public string? Target { get; init; }

    /// <summary>Audio file (WAV or MP3) of the announcement; null plays nothing.</summary>
    public string? Announcement { get; init; }

    /// <summary>Whether both legs are recorded. False for lines (consultation) that must not be.</summary>
    public bool Record { get; init; } = true;

    /// <summary>Play the announcement as early media (183) while the target rings, instead of answering first.</summary>
    public bool EarlyMedia { get; init; }

    /// <summary>Seconds between short beeps towards the caller during the call; 0 for none.</summary>
    public int BeepIntervalSeconds { get; init; }

    /// <summary>Seconds the target may ring before the call is cancelled (480 to the caller).</summary>
    public int RingTimeoutSeconds { get; init; } = 60;

    /// <summary>Whether the route takes this called number from this source.</summary>
    public bool Matches(string? number, IPAddress source)
    {
        if (Source is { } range && !range.Contains(source)) return false;
        try
        {
            return Match.IsMatch(number ?? string.Empty);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>The target URI for a called number.</summary>
    public string TargetFor(string? number) => Target!.Replace("{number}", number ?? string.Empty, StringComparison.Ordinal);

    /// <summary>
    /// The effective routes: <c>AdminRoutes</c> (edited in the host's admin, which lays them over the
    /// configuration) first, then <c>Routes</c> from the configuration files.
    /// </summary>
    /// <exception cref="FormatException">A route is invalid; the message names its key.</exception>
    public static IReadOnlyList<SipRoute> ReadAll(IConfiguration section) =>
        [.. ReadList(section, "AdminRoutes"), .. ReadList(section, "Routes")];

    /// <summary>Reads <c>&lt;list&gt;:0</c>, <c>&lt;list&gt;:1</c>, ... until the first index without <c>Match</c>.</summary>
    /// <exception cref="FormatException">A route is invalid; the message names its key.</exception>
    public static IReadOnlyList<SipRoute> ReadList(IConfiguration section, string list)
    {
        ArgumentNullException.ThrowIfNull(section);
        var routes = new List<SipRoute>();
        for (var i = 0; i < 256; i++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"{list}:{i}:");
            var match = Value(section, prefix + "Match");
            if (match is null) break;
            routes.Add(Read(section, prefix, match));
        }

        return routes;
    }

    private static SipRoute Read(IConfiguration section, string prefix, string match)
    {
        Regex regex;
        try
        {
            regex = new Regex(match, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"Plugins:Sip:{prefix}Match is not a valid regular expression: {ex.Message}", ex);
        }

        var actionText = Value(section, prefix + "Action") ?? "connect";
        var action = actionText.ToLowerInvariant() switch
        {
            "announce-connect" => RouteAction.AnnounceConnect,
            "connect" => RouteAction.Connect,
            "reject" => RouteAction.Reject,
            _ => throw new FormatException($"Plugins:Sip:{prefix}Action must be announce-connect, connect or reject, not '{actionText}'."),
        };
        var target = Value(section, prefix + "Target");
        if (action != RouteAction.Reject && (target is null || !SipTarget.TryParse(target.Replace("{number}", "0", StringComparison.Ordinal), out _)))
            throw new FormatException($"Plugins:Sip:{prefix}Target must be a SIP URI with an IP address (sip:user@192.0.2.10:5060), not '{target}'.");
        var announcement = Value(section, prefix + "Announcement");
        if (action == RouteAction.AnnounceConnect && announcement is null)
            throw new FormatException($"Plugins:Sip:{prefix}Announcement is needed for announce-connect.");
        AddressRange? source = null;
        if (Value(section, prefix + "Source") is { } sourceText)
        {
            try
            {
                source = AddressRange.Parse(sourceText);
            }
            catch (FormatException ex)
            {
                throw new FormatException($"Plugins:Sip:{prefix}Source: {ex.Message}", ex);
            }
        }

        return new SipRoute
        {
            Match = regex,
            Source = source,
            Action = action,
            Target = target,
            Announcement = announcement,
            Record = Bool(section, prefix + "Record", true),
            EarlyMedia = Bool(section, prefix + "EarlyMedia", false),
            BeepIntervalSeconds = Int(section, prefix + "BeepIntervalSeconds", 0, 0, 3600),
            RingTimeoutSeconds = Int(section, prefix + "RingTimeoutSeconds", 60, 1, 600),
        };
    }

    private static string? Value(IConfiguration section, string key) =>
        string.IsNullOrWhiteSpace(section[key]) ? null : section[key]!.Trim();

    private static bool Bool(IConfiguration section, string key, bool fallback)
    {
        var text = Value(section, key);
        if (text is null) return fallback;
        return bool.TryParse(text, out var value) ? value : throw new FormatException($"Plugins:Sip:{key} must be true or false, not '{text}'.");
    }

    private static int Int(IConfiguration section, string key, int fallback, int min, int max)
    {
        var text = Value(section, key);
        if (text is null) return fallback;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new FormatException($"Plugins:Sip:{key} must be a whole number from {min} to {max}, not '{text}'.");
    }
}
