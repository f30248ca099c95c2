namespace RecAce.Web.Alerts;

/// <summary>
/// SMTP for watch-list alerts (<c>RecAce:Alerts:Smtp:*</c>). No host or no recipient: no e-mail,
/// the dashboard still shows the alert. The password is never logged.
/// </summary>
public sealed class AlertMailOptions
{
    public const string SectionName = "RecAce:Alerts:Smtp";

    /// <summary>SMTP server host name or address. Empty disables e-mail.</summary>
    public string Host { get; set; } = "";

    /// <summary>Default 25 (587 for StartTls submission, 465 for SslOnConnect).</summary>
    public int Port { get; set; } = 25;

    /// <summary>None, Auto, StartTls, StartTlsWhenAvailable or SslOnConnect (MailKit's SecureSocketOptions). Default StartTlsWhenAvailable.</summary>
    public string Tls { get; set; } = "StartTlsWhenAvailable";

    /// <summary>User name for SMTP AUTH; empty sends without authenticating.</summary>
    public string User { get; set; } = "";

    /// <summary>Password for SMTP AUTH. Never logged.</summary>
    public string Password { get; set; } = "";

    /// <summary>Sender address. Default recace@localhost.</summary>
    public string From { get; set; } = "recace@localhost";

    /// <summary>Recipient addresses.</summary>
    public string[] Recipients { get; set; } = [];

    /// <summary>Tries per e-mail, the first included. Default 4.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Wait before the second try, doubled for each later one, in seconds. Default 15.</summary>
    public double RetryDelaySeconds { get; set; } = 15;

    /// <summary>Connect and send timeout, in seconds. Default 30.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>The admin's address for links in the e-mail (e.g. https://recace.city.local); empty leaves links out.</summary>
    public string BaseUrl { get; set; } = "";

    public bool Configured => !string.IsNullOrWhiteSpace(Host) && Recipients.Any(r => !string.IsNullOrWhiteSpace(r));
}
