using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace RecAce.Plugin.Capture;

/// <summary>Settings of the capture adapter, read from <c>Plugins:Capture</c>.</summary>
/// <remarks>Read key by key from <see cref="IConfiguration"/> so the plugin need not ship a configuration binder.</remarks>
public sealed record CaptureOptions
{
    /// <summary>The interface to capture on live (for example the NIC on the switch's mirror port). Without it the adapter only imports files.</summary>
    public string? Interface { get; init; }

    /// <summary>An optional BPF filter, such as <c>udp or tcp port 5060</c>. Default none (everything).</summary>
    public string? Filter { get; init; }

    /// <summary>A connected call with neither RTP nor SIP for this long (in capture time) ends as a media timeout. Default 60 seconds.</summary>
    public TimeSpan RtpTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>An INVITE without a final answer for this long ends as a failed call. Default 180 seconds.</summary>
    public TimeSpan RingTimeout { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary>Whether RTP seen without any SIP is recorded as calls of its own. Default false.</summary>
    public bool RecordOrphanRtp { get; init; }

    /// <summary>Numbers of at most this many digits are staff extensions; longer ones are outside numbers. Default 6.</summary>
    public int MaxExtensionDigits { get; init; } = 6;

    /// <summary>The kernel buffer for live capture, in MiB. Default 64.</summary>
    public int BufferMegabytes { get; init; } = 64;

    /// <summary>Reads and checks the options.</summary>
    /// <param name="section">The <c>Plugins:Capture</c> section.</param>
    /// <exception cref="FormatException">A value is invalid; the message names the key.</exception>
    public static CaptureOptions Read(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return new CaptureOptions
        {
            Interface = Text(section, "Interface"),
            Filter = Text(section, "Filter"),
            RtpTimeout = TimeSpan.FromSeconds(Number(section, "RtpTimeoutSeconds", 60, 1, 86400)),
            RingTimeout = TimeSpan.FromSeconds(Number(section, "RingTimeoutSeconds", 180, 1, 86400)),
            RecordOrphanRtp = Boolean(section, "RecordOrphanRtp", false),
            MaxExtensionDigits = (int)Number(section, "MaxExtensionDigits", 6, 1, 15),
            BufferMegabytes = (int)Number(section, "BufferMegabytes", 64, 1, 2048),
        };
    }

    private static string? Text(IConfiguration section, string key) =>
        section[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static double Number(IConfiguration section, string key, double fallback, double min, double max)
    {
        var text = Text(section, key);
        if (text is null) return fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new FormatException($"Plugins:Capture:{key} must be a number from {min} to {max}, not '{text}'.");
        return value;
    }

    private static bool Boolean(IConfiguration section, string key, bool fallback)
    {
        var text = Text(section, key);
        if (text is null) return fallback;
        return bool.TryParse(text, out var value) ? value : throw new FormatException($"Plugins:Capture:{key} must be true or false, not '{text}'.");
    }
}
