using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using RecAce.Plugin.Sip.B2bua;
using RecAce.Plugin.Sip.Calls;
using RecAce.Plugin.Sip.Transport;
using RecAce.Plugins;

namespace RecAce.Plugin.Sip;

/// <summary>
/// A SIPREC recording server (RFC 7866, metadata RFC 7865) that also records plain INVITEs a
/// gateway or PBX forks to it. Listens on UDP and TCP; each answered stream is received on its
/// own RTP port and written to the call as it arrives.
/// </summary>
/// <remarks>
/// Configured under <c>Plugins:Sip</c>; see <see cref="SipOptions"/>. A configuration error or a
/// port in use does not stop the host: the adapter reports Unhealthy with the reason.
/// </remarks>
public sealed class SipAdapter : ITelephonyAdapter, IAsyncDisposable
{
    private readonly List<Task> _loops = [];
    private CancellationTokenSource? _stopping;
    private SipServer? _server;
    private UdpSipTransport? _udp;
    private TcpSipTransport? _tcp;
    private TcpSipTransport? _tls;
    private volatile string? _problem = "The adapter has not been started.";
    private volatile string? _announcementProblem;
    private volatile string? _routesProblem;
    private readonly SemaphoreSlim _reloading = new(1, 1);
    private IDisposable? _routeWatch;
    private string? _routeSignature;

    /// <summary>The UDP endpoint the listener is bound to, once started (useful with port 0).</summary>
    public IPEndPoint? UdpEndPoint => _udp?.LocalEndPoint;

    /// <summary>The TCP endpoint the listener is bound to, once started.</summary>
    public IPEndPoint? TcpEndPoint => _tcp?.LocalEndPoint;

    /// <summary>The TLS endpoint the listener is bound to, once started with a certificate.</summary>
    public IPEndPoint? TlsEndPoint => _tls?.LocalEndPoint;

    /// <summary>The in-line routes in force, first match wins (for tests); null before start.</summary>
    internal IReadOnlyList<SipRoute>? Routes => _server?.B2bua?.Routes;

    /// <inheritdoc />
    public async Task StartAsync(IAdapterContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_server is not null) throw new InvalidOperationException("The adapter is already started.");
        var logger = context.LoggerFactory.CreateLogger<SipAdapter>();
        SipOptions options;
        IReadOnlyList<SipRoute> routes;
        System.Security.Cryptography.X509Certificates.X509Certificate2? certificate;
        try
        {
            options = SipOptions.Read(context.Configuration);
            routes = SipRoute.ReadAll(context.Configuration);
            certificate = options.Tls?.LoadCertificate();
        }
        catch (FormatException ex)
        {
            _problem = ex.Message;
            logger.LogError("Sip is not configured correctly: {Problem}", ex.Message);
            return;
        }

        var server = new SipServer(options, context.CallSink, context.TimeProvider, context.LoggerFactory);
        try
        {
            _udp = new UdpSipTransport(new IPEndPoint(options.Listen, options.Port), options.MaxMessageBytes, server, logger);
            // With port 0 (tests) TCP takes the port UDP got, so both share one number as peers expect.
            var connections = new System.Runtime.CompilerServices.StrongBox<int>();
            if (options.Tcp) _tcp = new TcpSipTransport(new IPEndPoint(options.Listen, _udp.LocalEndPoint.Port), options, server, logger, connections: connections, time: context.TimeProvider);
            if (options.Tls is { } tls)
                _tls = new TcpSipTransport(new IPEndPoint(options.Listen, tls.Port), options, server, logger, certificate, connections, context.TimeProvider);
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            _udp?.Dispose();
            _udp = null;
            _tcp?.Dispose();
            _tcp = null;
            _problem = $"SIP port {options.Listen}:{options.Port}{(options.Tls is { } tls ? $" (TLS {tls.Port})" : string.Empty)} cannot be opened: {ex.Message}";
            logger.LogError("{Problem}", _problem);
            return;
        }

        server.LocalPort = _udp.LocalEndPoint.Port;
        {
            // Always there, even without routes: routes added later in the admin take effect without a restart.
            var udp = _udp;
            _routeSignature = RouteSignature(context.Configuration);
            var announcements = await LoadAnnouncementsAsync(context, routes, logger, cancellationToken);
            server.B2bua = new B2buaServer(options, routes, announcements, context.CallSink, server.Ports,
                remote => udp.ChannelTo(remote, options.Listen.Equals(IPAddress.Any) ? IPAddress.Loopback : options.Listen), () => server.LocalPort, server.InviteTransactions, context.TimeProvider, context.LoggerFactory);
            if (routes.Count > 0) logger.LogInformation("SIP in-line recorder: {Count} routes", routes.Count);
        }

        _server = server;
        _stopping = new CancellationTokenSource();
        var token = _stopping.Token;
        _loops.Add(Task.Run(() => _udp.RunAsync(token), CancellationToken.None));
        if (_tcp is { } tcp) _loops.Add(Task.Run(() => tcp.RunAsync(token), CancellationToken.None));
        if (_tls is { } tlsListener) _loops.Add(Task.Run(() => tlsListener.RunAsync(token), CancellationToken.None));
        _loops.Add(Task.Run(() => server.WatchMediaTimeoutsAsync(token), CancellationToken.None));
        if (server.B2bua is { } b2bua) _loops.Add(Task.Run(() => b2bua.WatchMediaTimeoutsAsync(token), CancellationToken.None));
        _routeWatch = ChangeToken.OnChange(context.Configuration.GetReloadToken, () => _ = ReloadRoutesAsync(context, logger));
        _problem = null;
        logger.LogInformation("SIP recorder listening on {Address}:{Port} (UDP{Tcp}{Tls}), RTP {Min}-{Max}",
            options.Listen, server.LocalPort, _tcp is null ? string.Empty : ", TCP",
            _tls is null ? string.Empty : string.Create(System.Globalization.CultureInfo.InvariantCulture, $", TLS on {_tls.LocalEndPoint.Port}"), options.RtpPortMin, options.RtpPortMax);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is null || _stopping is null) return;
        _routeWatch?.Dispose();
        // BYE from the recorder's side first, while the transports can still carry it.
        await _server.EndAllAsync().WaitAsync(cancellationToken);
        await _stopping.CancelAsync();
        _udp?.Dispose();
        _tcp?.Dispose();
        _tls?.Dispose();
        await Task.WhenAll(_loops).WaitAsync(cancellationToken);
        _problem = "The adapter is stopped.";
    }

    /// <inheritdoc />
    public ValueTask<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        var data = _server?.Counters;
        if (_problem is { } problem) return ValueTask.FromResult(new AdapterHealth(AdapterHealthStatus.Unhealthy, problem, data));
        // Recording failures and missing announcements degrade the adapter; calls still go through.
        var warning = _server?.B2bua?.RecentFailure ?? _routesProblem ?? _announcementProblem;
        return ValueTask.FromResult(warning is null
            ? new AdapterHealth(AdapterHealthStatus.Healthy, null, data)
            : new AdapterHealth(AdapterHealthStatus.Degraded, warning, data));
    }

    /// <summary>
    /// Decodes each route's announcement once. A relative path is taken from the plugin's state
    /// folder. A file that cannot be decoded leaves its route without announcement (the call still
    /// connects) and the adapter Degraded with the reason.
    /// </summary>
    private async Task<Dictionary<SipRoute, Announcement>> LoadAnnouncementsAsync(IAdapterContext context, IReadOnlyList<SipRoute> routes, ILogger logger, CancellationToken cancellationToken)
    {
        var loaded = new Dictionary<SipRoute, Announcement>();
        _announcementProblem = null;
        var byPath = new Dictionary<string, Announcement>(StringComparer.Ordinal);
        foreach (var route in routes)
        {
            if (route.Announcement is not { } file) continue;
            var path = Path.IsPathRooted(file) ? file : Path.Combine(context.StateDirectory, file);
            try
            {
                if (!byPath.TryGetValue(path, out var announcement))
                {
                    announcement = await Announcement.LoadAsync(context.AudioFileDecoder, path, cancellationToken);
                    byPath[path] = announcement;
                    logger.LogInformation("Announcement {Path} loaded ({Seconds:0.0} s)", path, announcement.Duration.TotalSeconds);
                }

                loaded[route] = announcement;
            }
            catch (AudioDecodeException ex)
            {
                _announcementProblem = $"Announcement {path} cannot be played: {ex.Message}";
                logger.LogError("Announcement {Path} cannot be decoded; its route connects without it: {Error}", path, ex.Message);
            }
        }

        return loaded;
    }

    /// <summary>
    /// The configuration changed (an administrator saved routes, or a configuration file was edited):
    /// new INVITEs take the new routes, calls in progress keep theirs. Invalid routes leave the old
    /// ones in force and the adapter Degraded with the reason.
    /// </summary>
    private async Task ReloadRoutesAsync(IAdapterContext context, ILogger logger)
    {
        if (_server?.B2bua is not { } b2bua || _stopping is not { IsCancellationRequested: false } stopping) return;
        await _reloading.WaitAsync(stopping.Token);
        try
        {
            var signature = RouteSignature(context.Configuration);
            if (signature == _routeSignature) return; // Another part of the configuration changed.
            IReadOnlyList<SipRoute> routes;
            try
            {
                routes = SipRoute.ReadAll(context.Configuration);
            }
            catch (FormatException ex)
            {
                _routesProblem = $"経路の変更を適用できません（前の経路で動作中）/ Route change not applied, previous routes in force: {ex.Message}";
                logger.LogError("The changed SIP routes are invalid; the previous routes stay in force: {Problem}", ex.Message);
                return;
            }

            var announcements = await LoadAnnouncementsAsync(context, routes, logger, stopping.Token);
            b2bua.Replace(routes, announcements);
            _routeSignature = signature;
            _routesProblem = null;
            logger.LogInformation("SIP in-line recorder: routes changed, {Count} routes in force", routes.Count);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
#pragma warning disable CA1031 // Runs on a configuration change callback: a failure is reported, never thrown into the host.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _routesProblem = $"Route change not applied: {ex.Message}";
            logger.LogError(ex, "The changed SIP routes could not be applied");
        }
        finally
        {
            _reloading.Release();
        }
    }

    /// <summary>The routes' raw values, to tell a route change from a change elsewhere in the configuration.</summary>
    private static string RouteSignature(IConfiguration configuration)
    {
        var text = new System.Text.StringBuilder();
        foreach (var list in (string[])["AdminRoutes", "Routes"])
        {
            for (var i = 0; i < 256; i++)
            {
                var prefix = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{list}:{i}:");
                if (string.IsNullOrWhiteSpace(configuration[prefix + "Match"])) break;
                foreach (var key in RouteKeys) text.Append(prefix).Append(key).Append('=').Append(configuration[prefix + key]).Append('\n');
            }
        }

        return text.ToString();
    }

    private static readonly string[] RouteKeys = ["Match", "Source", "Action", "Target", "Announcement", "Record", "EarlyMedia", "BeepIntervalSeconds", "RingTimeoutSeconds"];

    /// <summary>Releases the sockets if <see cref="StopAsync"/> was not called.</summary>
    public async ValueTask DisposeAsync()
    {
        _routeWatch?.Dispose();
        if (_stopping is { } stopping)
        {
            await stopping.CancelAsync();
            stopping.Dispose();
        }

        _udp?.Dispose();
        _tcp?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
    }
}
