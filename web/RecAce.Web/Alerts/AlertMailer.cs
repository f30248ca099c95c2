using System.Threading.Channels;
using MailKit.Net.Smtp;
using MailKit.Security;
using RecAce.Core;
using RecAce.Core.Calls;
using RecAce.Core.Harassment;
using RecAce.Data.Entities;

namespace RecAce.Web.Alerts;

/// <summary>
/// Sends watch-list alerts by e-mail from a queue, so the call path never waits on SMTP. A failed
/// send is retried with back-off up to <see cref="AlertMailOptions.MaxAttempts"/> times, then logged
/// once as failed; the alert row records what became of its e-mail.
/// </summary>
internal sealed class AlertMailer : BackgroundService, ICallerAlertSink
{
    private readonly Channel<(CallerAlertRow Alert, CallStarted Call)> _queue =
        Channel.CreateBounded<(CallerAlertRow, CallStarted)>(new BoundedChannelOptions(500) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly AlertMailOptions _options;
    private readonly SecureSocketOptions? _tls;
    private readonly Lazy<CallerWatch> _watch;
    private readonly TimeZoneInfo _zone;
    private readonly ILogger<AlertMailer> _logger;

    public AlertMailer(AlertMailOptions options, RecAceOptions recace, IServiceProvider services, ILogger<AlertMailer> logger)
    {
        _options = options;
        _logger = logger;
        _zone = TimeZoneInfo.FindSystemTimeZoneById(recace.TimeZone);
        // CallerWatch hands alerts to this sink; resolved late to break the cycle.
        _watch = new Lazy<CallerWatch>(services.GetRequiredService<CallerWatch>);
        if (Enum.TryParse<SecureSocketOptions>(options.Tls, ignoreCase: true, out var tls) && Enum.IsDefined(tls)) _tls = tls;
    }

    public void Raise(CallerAlertRow alert, CallStarted call) => _queue.Writer.TryWrite((alert, call));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Configured) _logger.LogInformation("Watch-list alerts are not e-mailed: RecAce:Alerts:Smtp:Host and Recipients are not set");
        else if (_tls is null) _logger.LogError("Watch-list alerts are not e-mailed: RecAce:Alerts:Smtp:Tls \"{Tls}\" is not one of None, Auto, StartTls, StartTlsWhenAvailable, SslOnConnect", _options.Tls);
        try
        {
            await foreach (var (alert, call) in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                var status = _options.Configured && _tls is not null ? await SendWithRetriesAsync(alert, call, _tls.Value, stoppingToken) : AlertMailStatus.NotConfigured;
                await _watch.Value.SetMailStatusAsync(alert.Id, status, CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<AlertMailStatus> SendWithRetriesAsync(CallerAlertRow alert, CallStarted call, SecureSocketOptions tls, CancellationToken ct)
    {
        var attempts = Math.Clamp(_options.MaxAttempts, 1, 10);
        Exception? last = null;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            try
            {
                await SendAsync(AlertMessage.Build(_options, alert, call, _zone), tls, ct);
                _logger.LogInformation("Alert {AlertId} for call {CallId} e-mailed to {Count} recipient(s)", alert.Id, alert.CallId, _options.Recipients.Length);
                return AlertMailStatus.Sent;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                last = e;
                if (attempt == attempts) break;
                var delay = TimeSpan.FromSeconds(_options.RetryDelaySeconds * Math.Pow(2, attempt - 1));
                _logger.LogDebug("Alert {AlertId}: e-mail attempt {Attempt} failed ({Reason}); next in {Delay}", alert.Id, attempt, e.Message, delay);
                await Task.Delay(delay, ct);
            }
        }

        // Logged once, after the last try; the message carries no credentials.
        _logger.LogError("Alert {AlertId} for call {CallId} could not be e-mailed via {Host}:{Port} after {Attempts} attempts: {Reason}",
            alert.Id, alert.CallId, _options.Host, _options.Port, attempts, last?.Message);
        return AlertMailStatus.Failed;
    }

    private async Task SendAsync(MimeKit.MimeMessage message, SecureSocketOptions tls, CancellationToken ct)
    {
        using var client = new SmtpClient { Timeout = Math.Max(1, _options.TimeoutSeconds) * 1000 };
        await client.ConnectAsync(_options.Host, _options.Port, tls, ct);
        if (!string.IsNullOrEmpty(_options.User)) await client.AuthenticateAsync(_options.User, _options.Password, ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}
