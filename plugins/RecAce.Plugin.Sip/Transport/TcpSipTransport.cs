using System.Net;
using System.Runtime.CompilerServices;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using RecAce.Plugin.Sip.Protection;

namespace RecAce.Plugin.Sip.Transport;

/// <summary>
/// The TCP listener, or with a certificate the TLS listener: accepts connections up to a limit
/// (shared by both) and runs a <see cref="TcpSipConnection"/> for each, over the plain socket or
/// over an <see cref="SslStream"/> once the TLS handshake has succeeded.
/// </summary>
internal sealed class TcpSipTransport : IDisposable
{
    /// <summary>A client that opens a connection and never finishes its handshake must not hold it.</summary>
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    private readonly TcpListener _listener;
    private readonly ISipMessageSink _sink;
    private readonly ILogger _logger;
    private readonly SipOptions _options;
    private readonly X509Certificate2? _certificate;
    private readonly SourceThrottle _throttle;
    private readonly StrongBox<int> _connections;

    /// <summary>
    /// Starts listening. <paramref name="certificate"/> (with its private key) makes it the TLS
    /// listener; <paramref name="connections"/> counts open connections, shared by the TCP and TLS
    /// listeners for <see cref="SipOptions.MaxTcpConnections"/>.
    /// </summary>
    public TcpSipTransport(IPEndPoint endpoint, SipOptions options, ISipMessageSink sink, ILogger logger, X509Certificate2? certificate = null, StrongBox<int>? connections = null, TimeProvider? time = null)
    {
        _sink = sink;
        _logger = logger;
        _options = options;
        _certificate = certificate;
        _connections = connections ?? new StrongBox<int>();
        _throttle = new SourceThrottle(time ?? TimeProvider.System);
        _listener = new TcpListener(endpoint);
        _listener.Start(backlog: 128);
        LocalEndPoint = (IPEndPoint)_listener.LocalEndpoint;
    }

    public IPEndPoint LocalEndPoint { get; }

    private string Transport => _certificate is null ? "TCP" : "TLS";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException ex)
            {
                _logger.LogDebug(ex, "SIP {Transport} accept failed", Transport);
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            if (Interlocked.Increment(ref _connections.Value) > _options.MaxTcpConnections)
            {
                Interlocked.Decrement(ref _connections.Value);
                _logger.LogWarning("SIP {Transport} connection from {Remote} refused: {Max} connections are open", Transport, socket.RemoteEndPoint, _options.MaxTcpConnections);
                socket.Dispose();
                continue;
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    await ServeAsync(socket, cancellationToken);
                }
                finally
                {
                    Interlocked.Decrement(ref _connections.Value);
                }
            }, CancellationToken.None);
        }
    }

    public void Dispose() => _listener.Stop();

    private async Task ServeAsync(Socket socket, CancellationToken cancellationToken)
    {
        socket.NoDelay = true;
        var remote = (IPEndPoint)socket.RemoteEndPoint!;
        var local = (IPEndPoint)socket.LocalEndPoint!;
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (_certificate is not null)
        {
            var tls = await HandshakeAsync(stream, remote, cancellationToken);
            if (tls is null) return;
            stream = tls;
        }

        using var connection = new TcpSipConnection(stream, remote, local, Transport, _options, _sink, _logger);
        await connection.RunAsync(cancellationToken);
    }

    /// <summary>
    /// The server side of the TLS handshake, bounded in time. A failure (plain text on the TLS port,
    /// an untrusted or outdated client, a client that stalls) closes the connection and is logged
    /// once a minute per source; it never reaches the listener.
    /// </summary>
    private async Task<SslStream?> HandshakeAsync(Stream inner, IPEndPoint remote, CancellationToken cancellationToken)
    {
        var tls = new SslStream(inner, leaveInnerStreamOpen: false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(HandshakeTimeout);
        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = _certificate,
                ClientCertificateRequired = false,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            }, timeout.Token);
            return tls;
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
            if (!cancellationToken.IsCancellationRequested && _throttle.ShouldLog(remote.Address, "tls-handshake"))
            {
                var reason = ex is OperationCanceledException ? $"no handshake within {HandshakeTimeout.TotalSeconds:0} s" : ex.Message;
                _logger.LogWarning("SIP TLS handshake from {Remote} failed, connection closed: {Reason}", remote, reason);
            }

            await tls.DisposeAsync();
            return null;
        }
    }
}
