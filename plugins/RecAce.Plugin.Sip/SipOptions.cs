using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using RecAce.Plugin.Sip.Protection;

namespace RecAce.Plugin.Sip;

/// <summary>Settings of the SIP adapter, read from <c>Plugins:Sip</c>.</summary>
/// <remarks>Read key by key from <see cref="IConfiguration"/> so the plugin need not ship a configuration binder.</remarks>
public sealed record SipOptions
{
    /// <summary>Address the SIP listener (UDP and TCP) binds to. Default 0.0.0.0 (all IPv4 addresses).</summary>
    public IPAddress Listen { get; init; } = IPAddress.Any;

    /// <summary>SIP port for UDP and TCP. Default 5060; 0 takes a free port (tests).</summary>
    public int Port { get; init; } = 5060;

    /// <summary>Whether the TCP listener runs. Default true.</summary>
    public bool Tcp { get; init; } = true;

    /// <summary>Address written into SDP answers; default the address a request arrived on.</summary>
    public IPAddress? MediaAddress { get; init; }

    /// <summary>Lowest RTP port (even). Default 20000.</summary>
    public int RtpPortMin { get; init; } = 20000;

    /// <summary>Highest RTP port. Default 29999.</summary>
    public int RtpPortMax { get; init; } = 29999;

    /// <summary>Sources that may send requests (IPs or CIDRs). Default 127.0.0.1/32 and ::1 only: a recorder must be opened on purpose.</summary>
    public IReadOnlyList<AddressRange> AllowedSources { get; init; } = [AddressRange.Parse("127.0.0.1/32"), AddressRange.Parse("::1/128")];

    /// <summary>Extensions of staff: a user part matching this regular expression is Staff, others Outside. Default 2 to 5 digits.</summary>
    public Regex InternalExtensionPattern { get; init; } = new("^[0-9]{2,5}$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    /// <summary>Seconds without RTP on every stream after which a call is ended (and a BYE sent). Default 30.</summary>
    public TimeSpan RtpTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest SIP message accepted, in bytes. Default 65535.</summary>
    public int MaxMessageBytes { get; init; } = 65535;

    /// <summary>Largest header section accepted, in bytes. Default 16384.</summary>
    public int MaxHeaderBytes { get; init; } = 16384;

    /// <summary>Most calls recorded at once; more get 503. Default 1000.</summary>
    public int MaxConcurrentCalls { get; init; } = 1000;

    /// <summary>Most new calls per second (token bucket, with a burst of the same size); more get 503. Default 100.</summary>
    public int MaxCallsPerSecond { get; init; } = 100;

    /// <summary>Most TCP connections at once. Default 512.</summary>
    public int MaxTcpConnections { get; init; } = 512;

    /// <summary>Retry-After seconds when the recorder declines (busy, disk nearly full). Default 60.</summary>
    public int RetryAfterSeconds { get; init; } = 60;

    /// <summary>
    /// Threads that read the recorded calls' RTP sockets (SIPREC and fork) through epoll, on Linux
    /// x86-64; 0 gives each socket a thread of its own, as on other systems. The in-line recorder's
    /// relay always reads each socket on a thread of its own (latency). Default one per core, at most 4.
    /// </summary>
    public int RtpReceiveLoops { get; init; } = Rtp.ReceiveLoops.DefaultCount;

    /// <summary>The TLS listener; null (the default) when no certificate is configured.</summary>
    public SipTlsOptions? Tls { get; init; }

    /// <summary>Reads and checks the options.</summary>
    /// <param name="section">The <c>Plugins:Sip</c> section.</param>
    /// <exception cref="FormatException">A value is invalid; the message names the key.</exception>
    public static SipOptions Read(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var defaults = new SipOptions();
        var min = Int(section, "RtpPortMin", defaults.RtpPortMin, 1024, 65534);
        var max = Int(section, "RtpPortMax", defaults.RtpPortMax, 1025, 65535);
        if (max - min < 3) throw new FormatException("Plugins:Sip:RtpPortMax must be at least RtpPortMin + 3.");
        return new SipOptions
        {
            Listen = Address(section, "Listen") ?? defaults.Listen,
            Port = Int(section, "Port", defaults.Port, 0, 65535),
            Tcp = Bool(section, "Tcp", defaults.Tcp),
            MediaAddress = Address(section, "MediaAddress"),
            RtpPortMin = min,
            RtpPortMax = max,
            AllowedSources = Text(section, "AllowedSources") is { } sources ? ReadSources(sources) : defaults.AllowedSources,
            InternalExtensionPattern = Text(section, "InternalExtensionPattern") is { } pattern ? ReadPattern(pattern) : defaults.InternalExtensionPattern,
            RtpTimeout = TimeSpan.FromSeconds(Int(section, "RtpTimeoutSeconds", 30, 1, 3600)),
            MaxMessageBytes = Int(section, "MaxMessageBytes", defaults.MaxMessageBytes, 1024, 1 << 20),
            MaxHeaderBytes = Int(section, "MaxHeaderBytes", defaults.MaxHeaderBytes, 512, 1 << 20),
            MaxConcurrentCalls = Int(section, "MaxConcurrentCalls", defaults.MaxConcurrentCalls, 1, 100_000),
            MaxCallsPerSecond = Int(section, "MaxCallsPerSecond", defaults.MaxCallsPerSecond, 1, 100_000),
            MaxTcpConnections = Int(section, "MaxTcpConnections", defaults.MaxTcpConnections, 1, 100_000),
            RetryAfterSeconds = Int(section, "RetryAfterSeconds", defaults.RetryAfterSeconds, 1, 86_400),
            RtpReceiveLoops = Int(section, "RtpReceiveLoops", defaults.RtpReceiveLoops, 0, 64),
            Tls = Text(section, "Tls:Certificate") is { } certificate
                ? new SipTlsOptions
                {
                    Port = Int(section, "Tls:Port", 5061, 0, 65535),
                    CertificatePath = certificate,
                    KeyPath = Text(section, "Tls:Key"),
                    Password = section["Tls:Password"],
                }
                : null,
        };
    }

    private static string? Text(IConfiguration section, string key) =>
        string.IsNullOrWhiteSpace(section[key]) ? null : section[key]!.Trim();

    private static int Int(IConfiguration section, string key, int fallback, int min, int max)
    {
        var text = Text(section, key);
        if (text is null) return fallback;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new FormatException($"Plugins:Sip:{key} must be a whole number from {min} to {max}, not '{text}'.");
    }

    private static bool Bool(IConfiguration section, string key, bool fallback)
    {
        var text = Text(section, key);
        if (text is null) return fallback;
        return bool.TryParse(text, out var value) ? value : throw new FormatException($"Plugins:Sip:{key} must be true or false, not '{text}'.");
    }

    private static IPAddress? Address(IConfiguration section, string key)
    {
        var text = Text(section, key);
        if (text is null) return null;
        return IPAddress.TryParse(text, out var ip) ? ip : throw new FormatException($"Plugins:Sip:{key} must be an IP address, not '{text}'.");
    }

    private static AddressRange[] ReadSources(string text)
    {
        try
        {
            return [.. text.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(AddressRange.Parse)];
        }
        catch (FormatException ex)
        {
            throw new FormatException($"Plugins:Sip:AllowedSources: {ex.Message}", ex);
        }
    }

    private static Regex ReadPattern(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"Plugins:Sip:InternalExtensionPattern is not a valid regular expression: {ex.Message}", ex);
        }
    }
}
