using System.Net;
using Microsoft.Extensions.Logging;
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

    /// <summary>The UDP endpoint the listener is bound to, once started (useful with port 0).</summary>
    public IPEndPoint? UdpEndPoint => _udp?.LocalEndPoint;

    /// <summary>The TCP endpoint the listener is bound to, once started.</summary>
    public IPEndPoint? TcpEndPoint => _tcp?.LocalEndPoint;

    /// <summary>The TLS endpoint the listener is bound to, once started with a certificate.</summary>
    public IPEndPoint? TlsEndPoint => _tls?.LocalEndPoint;

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
        if (routes.Count > 0)
        {
            var udp = _udp;
            var announcements = await LoadAnnouncementsAsync(context, routes, logger, cancellationToken);
            server.B2bua = new B2buaServer(options, routes, announcements, context.CallSink, server.Ports,
                remote => udp.ChannelTo(remote, options.Listen.Equals(IPAddress.Any) ? IPAddress.Loopback : options.Listen), () => server.LocalPort, context.TimeProvider, context.LoggerFactory);
            logger.LogInformation("SIP in-line recorder: {Count} routes", routes.Count);
        }

        _server = server;
        _stopping = new CancellationTokenSource();
        var token = _stopping.Token;
        _loops.Add(Task.Run(() => _udp.RunAsync(token), CancellationToken.None));
        if (_tcp is { } tcp) _loops.Add(Task.Run(() => tcp.RunAsync(token), CancellationToken.None));
        if (_tls is { } tlsListener) _loops.Add(Task.Run(() => tlsListener.RunAsync(token), CancellationToken.None));
        _loops.Add(Task.Run(() => server.WatchMediaTimeoutsAsync(token), CancellationToken.None));
        if (server.B2bua is { } b2bua) _loops.Add(Task.Run(() => b2bua.WatchMediaTimeoutsAsync(token), CancellationToken.None));
        _problem = null;
        logger.LogInformation("SIP recorder listening on {Address}:{Port} (UDP{Tcp}{Tls}), RTP {Min}-{Max}",
            options.Listen, server.LocalPort, _tcp is null ? string.Empty : ", TCP",
            _tls is null ? string.Empty : string.Create(System.Globalization.CultureInfo.InvariantCulture, $", TLS on {_tls.LocalEndPoint.Port}"), options.RtpPortMin, options.RtpPortMax);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is null || _stopping is null) return;
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
        var warning = _server?.B2bua?.RecentFailure ?? _announcementProblem;
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

    /// <summary>Releases the sockets if <see cref="StopAsync"/> was not called.</summary>
    public async ValueTask DisposeAsync()
    {
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
