using System.Net;
using System.Net.Sockets;

namespace RecAce.Plugin.Sip.Rtp;

/// <summary>Binds RTP sockets on even ports from the configured range, round robin, skipping ports in use.</summary>
internal sealed class RtpPortPool(IPAddress address, int min, int max)
{
    private readonly Lock _gate = new();
    private int _next = min + (min % 2);

    /// <summary>A bound socket, or null when every port of the range is taken.</summary>
    public Socket? Bind()
    {
        var evenPorts = ((max - min) / 2) + 1;
        for (var attempt = 0; attempt < evenPorts; attempt++)
        {
            int port;
            lock (_gate)
            {
                port = _next;
                _next = _next + 2 > max ? min + (min % 2) : _next + 2;
            }

            var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                socket.ReceiveBufferSize = 256 * 1024;
                socket.Bind(new IPEndPoint(address, port));
                return socket;
            }
            catch (SocketException)
            {
                socket.Dispose();
            }
        }

        return null;
    }
}
