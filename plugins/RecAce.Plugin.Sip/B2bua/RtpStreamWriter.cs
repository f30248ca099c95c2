using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace RecAce.Plugin.Sip.B2bua;

/// <summary>
/// The RTP stream we send to one side: our SSRC and sequence, and timestamps that stay continuous
/// when the source changes (announcement, then the other side's audio, then a new SSRC after a
/// re-INVITE): each new source is offset to follow the last packet sent, with the marker bit set.
/// </summary>
internal sealed class RtpStreamWriter(Socket socket)
{
    private readonly Lock _gate = new();
    private readonly byte[] _buffer = new byte[1500];
    private readonly uint _ssrc = BinaryPrimitives.ReadUInt32BigEndian(RandomNumberGenerator.GetBytes(4));
    private ushort _sequence = (ushort)RandomNumberGenerator.GetInt32(65536);
    private uint _lastTimestamp = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
    private uint _lastLength = 160;
    private long _source = -1;
    private uint _offset;
    private long _sent;
    private volatile Target? _target;

    /// <summary>Where packets go; null (or port 0, or 0.0.0.0 for old-style hold) sends nothing.</summary>
    public IPEndPoint? Remote
    {
        get => _target?.EndPoint;
        // Serialized once here, not by every SendTo.
        set => _target = value is null ? null : new Target(value, value.Serialize());
    }

    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Sends one packet. <paramref name="source"/> names the origin (an SSRC, or a negative id for our own audio).</summary>
    public void Send(long source, int payloadType, uint timestamp, uint ticks, bool marker, ReadOnlySpan<byte> payload)
    {
        if (_target is not { EndPoint.Port: > 0 } target || target.EndPoint.Address.Equals(IPAddress.Any) || payload.Length > _buffer.Length - 12) return;
        lock (_gate)
        {
            if (source != _source)
            {
                _source = source;
                _offset = _lastTimestamp + _lastLength - timestamp;
                marker = true;
            }

            var ts = timestamp + _offset;
            _buffer[0] = 0x80;
            _buffer[1] = (byte)(payloadType | (marker ? 0x80 : 0));
            BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(2), _sequence++);
            BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(4), ts);
            BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(8), _ssrc);
            payload.CopyTo(_buffer.AsSpan(12));
            if (ts != _lastTimestamp) _lastLength = ticks;
            _lastTimestamp = ts;
            try
            {
                socket.SendTo(_buffer.AsSpan(0, 12 + payload.Length), SocketFlags.None, target.Address);
                _sent++;
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // The peer's port is closed (ICMP) or the call ended: the next packet tries again.
            }
        }
    }

    private sealed record Target(IPEndPoint EndPoint, SocketAddress Address);
}
