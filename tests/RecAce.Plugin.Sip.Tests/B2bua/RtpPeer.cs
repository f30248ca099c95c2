using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace RecAce.Plugin.Sip.Tests.B2bua;

/// <summary>A test's own RTP endpoint: what the SDP of a sipp peer points to. Keeps every packet received.</summary>
internal sealed class RtpPeer : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<(int PayloadType, byte[] Payload, int FromPort)> _received = new();
    private ushort _sequence;
    private uint _timestamp;

    public RtpPeer()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
        _ = Task.Run(ReceiveAsync);
    }

    public int Port { get; }

    /// <summary>The port the relay sends from (its port for this side), once a packet came.</summary>
    public int? RelayPort => _received.TryPeek(out var first) ? first.FromPort : null;

    public IReadOnlyList<(int PayloadType, byte[] Payload, int FromPort)> Received => [.. _received];

    public void Send(int port, int payloadType, byte[] payload)
    {
        var packet = new byte[12 + payload.Length];
        packet[0] = 0x80;
        packet[1] = (byte)payloadType;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), _sequence++);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), _timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0x5EED0000u + (uint)Port);
        _timestamp += 160;
        payload.CopyTo(packet, 12);
        _socket.SendTo(packet, new IPEndPoint(IPAddress.Loopback, port));
    }

    /// <summary>An RFC 4733 key press: event packets that share one timestamp, the end packet three times.</summary>
    public void SendKey(int port, int payloadType, byte digit, uint timestamp)
    {
        for (var i = 0; i < 8; i++)
        {
            var end = i >= 5;
            var payload = new byte[] { digit, (byte)(end ? 0x80 | 10 : 10), 0, (byte)(160 * Math.Min(i + 1, 5)) };
            var packet = new byte[16];
            packet[0] = 0x80;
            packet[1] = (byte)(payloadType | (i == 0 ? 0x80 : 0));
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)(50000 + i));
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0xD7F00000u);
            payload.CopyTo(packet, 12);
            _socket.SendTo(packet, new IPEndPoint(IPAddress.Loopback, port));
        }
    }

    /// <summary>Sends 20 ms packets made by <paramref name="next"/> to the relay's port (once known) until stopped.</summary>
    public async Task StreamAsync(int payloadType, Func<byte[]> next, Func<int?> relayPort, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        var i = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var due = started.AddMilliseconds(i * 20) - DateTime.UtcNow;
                if (due > TimeSpan.Zero) await Task.Delay(due, cancellationToken);
                i++;
                if (relayPort() is { } port) Send(port, payloadType, next());
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[2048];
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var r = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
                if (r.ReceivedBytes < 12) continue;
                _received.Enqueue((buffer[1] & 0x7F, buffer.AsSpan(12, r.ReceivedBytes - 12).ToArray(), ((IPEndPoint)r.RemoteEndPoint).Port));
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested) return;
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _stop.Dispose();
    }
}
