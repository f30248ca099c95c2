using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace RecAce.Plugin.Sip.Transport;

/// <summary>The TCP listener: accepts connections up to a limit and runs a <see cref="TcpSipConnection"/> for each.</summary>
internal sealed class TcpSipTransport : IDisposable
{
    private readonly TcpListener _listener;
    private readonly ISipMessageSink _sink;
    private readonly ILogger _logger;
    private readonly SipOptions _options;
    private int _connections;

    public TcpSipTransport(IPEndPoint endpoint, SipOptions options, ISipMessageSink sink, ILogger logger)
    {
        _sink = sink;
        _logger = logger;
        _options = options;
        _listener = new TcpListener(endpoint);
        _listener.Start(backlog: 128);
        LocalEndPoint = (IPEndPoint)_listener.LocalEndpoint;
    }

    public IPEndPoint LocalEndPoint { get; }

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
                _logger.LogDebug(ex, "SIP TCP accept failed");
                continue;
            }

            if (Interlocked.Increment(ref _connections) > _options.MaxTcpConnections)
            {
                Interlocked.Decrement(ref _connections);
                _logger.LogWarning("SIP TCP connection from {Remote} refused: {Max} connections are open", socket.RemoteEndPoint, _options.MaxTcpConnections);
                socket.Dispose();
                continue;
            }

            var connection = new TcpSipConnection(socket, _options, _sink, _logger);
            _ = Task.Run(async () =>
            {
                try
                {
                    await connection.RunAsync(cancellationToken);
                }
                finally
                {
                    Interlocked.Decrement(ref _connections);
                    connection.Dispose();
                }
            }, CancellationToken.None);
        }
    }

    public void Dispose() => _listener.Stop();
}
