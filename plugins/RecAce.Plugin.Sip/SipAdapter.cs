using System.Net;
using Microsoft.Extensions.Logging;
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
    private volatile string? _problem = "The adapter has not been started.";

    /// <summary>The UDP endpoint the listener is bound to, once started (useful with port 0).</summary>
    public IPEndPoint? UdpEndPoint => _udp?.LocalEndPoint;

    /// <summary>The TCP endpoint the listener is bound to, once started.</summary>
    public IPEndPoint? TcpEndPoint => _tcp?.LocalEndPoint;

    /// <inheritdoc />
    public Task StartAsync(IAdapterContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_server is not null) throw new InvalidOperationException("The adapter is already started.");
        var logger = context.LoggerFactory.CreateLogger<SipAdapter>();
        SipOptions options;
        try
        {
            options = SipOptions.Read(context.Configuration);
        }
        catch (FormatException ex)
        {
            _problem = ex.Message;
            logger.LogError("Sip is not configured correctly: {Problem}", ex.Message);
            return Task.CompletedTask;
        }

        var server = new SipServer(options, context.CallSink, context.TimeProvider, context.LoggerFactory);
        try
        {
            _udp = new UdpSipTransport(new IPEndPoint(options.Listen, options.Port), options.MaxMessageBytes, server, logger);
            // With port 0 (tests) TCP takes the port UDP got, so both share one number as peers expect.
            if (options.Tcp) _tcp = new TcpSipTransport(new IPEndPoint(options.Listen, _udp.LocalEndPoint.Port), options, server, logger);
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            _udp?.Dispose();
            _udp = null;
            _problem = $"SIP port {options.Listen}:{options.Port} cannot be opened: {ex.Message}";
            logger.LogError("{Problem}", _problem);
            return Task.CompletedTask;
        }

        server.LocalPort = _udp.LocalEndPoint.Port;
        _server = server;
        _stopping = new CancellationTokenSource();
        var token = _stopping.Token;
        _loops.Add(Task.Run(() => _udp.RunAsync(token), CancellationToken.None));
        if (_tcp is { } tcp) _loops.Add(Task.Run(() => tcp.RunAsync(token), CancellationToken.None));
        _loops.Add(Task.Run(() => server.WatchMediaTimeoutsAsync(token), CancellationToken.None));
        _problem = null;
        logger.LogInformation("SIP recorder listening on {Address}:{Port} (UDP{Tcp}), RTP {Min}-{Max}",
            options.Listen, server.LocalPort, _tcp is null ? string.Empty : ", TCP", options.RtpPortMin, options.RtpPortMax);
        return Task.CompletedTask;
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
        await Task.WhenAll(_loops).WaitAsync(cancellationToken);
        _problem = "The adapter is stopped.";
    }

    /// <inheritdoc />
    public ValueTask<AdapterHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        var data = _server?.Counters;
        return ValueTask.FromResult(_problem is { } problem
            ? new AdapterHealth(AdapterHealthStatus.Unhealthy, problem, data)
            : new AdapterHealth(AdapterHealthStatus.Healthy, null, data));
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
