using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace RecAce.Plugin.Sip.Transport;

/// <summary>The UDP listener: one datagram is one message.</summary>
internal sealed class UdpSipTransport : IDisposable
{
    private readonly Socket _socket;
    private readonly ISipMessageSink _sink;
    private readonly ILogger _logger;
    private readonly int _maxMessageBytes;

    public UdpSipTransport(IPEndPoint endpoint, int maxMessageBytes, ISipMessageSink sink, ILogger logger)
    {
        _sink = sink;
        _logger = logger;
        _maxMessageBytes = maxMessageBytes;
        _socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        // Needed to learn the local address of each datagram when bound to 0.0.0.0, for SDP and Via.
        _socket.SetSocketOption(endpoint.AddressFamily == AddressFamily.InterNetwork ? SocketOptionLevel.IP : SocketOptionLevel.IPv6, SocketOptionName.PacketInformation, true);
        _socket.ReceiveBufferSize = 4 * 1024 * 1024;
        _socket.Bind(endpoint);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(LocalEndPoint.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveMessageFromResult received;
            try
            {
                received = await _socket.ReceiveMessageFromAsync(buffer, SocketFlags.None, any, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // An ICMP error for an earlier send surfaces here on some systems; the socket is still usable.
                _logger.LogDebug(ex, "SIP UDP receive failed");
                continue;
            }

            var remote = (IPEndPoint)received.RemoteEndPoint;
            if (received.ReceivedBytes > _maxMessageBytes || (received.SocketFlags & SocketFlags.Truncated) != 0)
            {
                _sink.Discard($"datagram larger than {_maxMessageBytes} bytes", new UdpChannel(_socket, remote, LocalEndPoint.Address, _logger));
                continue;
            }

            var data = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
            _sink.Receive(data, new UdpChannel(_socket, remote, received.PacketInformation.Address ?? LocalEndPoint.Address, _logger));
        }
    }

    /// <summary>Sends from the listening socket, so replies come from port 5060 as peers expect.</summary>
    public ISipChannel ChannelTo(IPEndPoint remote, IPAddress local) => new UdpChannel(_socket, remote, local, _logger);

    public void Dispose() => _socket.Dispose();

    private sealed class UdpChannel(Socket socket, IPEndPoint remote, IPAddress local, ILogger logger) : ISipChannel
    {
        public string Transport => "UDP";

        public bool IsReliable => false;

        public IPEndPoint Remote => remote;

        public IPAddress LocalAddress => local;

        public async ValueTask SendAsync(byte[] message)
        {
            try
            {
                await socket.SendToAsync(message, SocketFlags.None, remote);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                logger.LogDebug(ex, "SIP UDP send to {Remote} failed", remote);
            }
        }
    }
}
