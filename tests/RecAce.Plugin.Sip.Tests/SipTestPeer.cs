using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using RecAce.Plugin.Sip.Messages;

namespace RecAce.Plugin.Sip.Tests;

/// <summary>A minimal SRC over UDP for tests: sends text, reads responses, sends RTP.</summary>
internal sealed class SipTestPeer : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _server;

    public SipTestPeer(IPEndPoint server, string address = "127.0.0.1")
    {
        _server = server;
        _socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
    }

    public void Send(string text) => Send(Encoding.UTF8.GetBytes(text));

    public void Send(byte[] bytes) => _socket.SendTo(bytes, _server);

    /// <summary>The next message from the server within the time limit, or null.</summary>
    public async Task<SipMessage?> ReceiveAsync(TimeSpan? timeout = null)
    {
        var buffer = new byte[65536];
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        try
        {
            var r = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
            return SipParser.Parse(buffer.AsSpan(0, r.ReceivedBytes), 65536).Message;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Reads until a response with the status (skipping 100 and others), or null after the limit.</summary>
    public async Task<SipMessage?> ExpectAsync(int status, string? method = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var m = await ReceiveAsync(deadline - DateTime.UtcNow);
            if (m is null) return null;
            if (m.StatusCode == status || (status == 0 && m.Method == method)) return m;
        }

        return null;
    }

    public static byte[] Rtp(int payloadType, ushort seq, uint ts, uint ssrc, byte[] payload, bool marker = false)
    {
        var packet = new byte[12 + payload.Length];
        packet[0] = 0x80;
        packet[1] = (byte)(payloadType | (marker ? 0x80 : 0));
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ts);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        payload.CopyTo(packet, 12);
        return packet;
    }

    /// <summary>The RTP ports of an SDP answer, in m-line order.</summary>
    public static int[] AnswerPorts(SipMessage response) =>
        [.. Encoding.UTF8.GetString(response.Body.Span).Split("\r\n").Where(l => l.StartsWith("m=", StringComparison.Ordinal)).Select(l => int.Parse(l.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture))];

    public void SendRtpTo(int port, byte[] packet) => _socket.SendTo(packet, new IPEndPoint(_server.Address, port));

    public void Dispose() => _socket.Dispose();
}
