using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using RecAce.Plugin.Sip.Sdp;
using RecAce.Plugins;

namespace RecAce.Plugin.Sip.Rtp;

/// <summary>
/// Receives one m-line's RTP on its own socket and hands each payload to the call's leg. The
/// socket, not the SSRC, identifies the stream: SRCs reuse one SSRC for both directions. Packets
/// are received and written to the recording on the thread that reads the socket (<see cref="DatagramPump"/>);
/// the recording copies the payload, so the receive buffer is reused without a copy here.
/// </summary>
internal sealed class RtpReceiver : IAsyncDisposable
{
    private readonly ICallRecording _recording;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DatagramPump _pump;
    private volatile IReadOnlyDictionary<int, string> _formats;
    private volatile IPAddress[] _allowedSources;
    private TelephoneEventDetector? _dtmf;
    private long _lastPacketTimestamp;
    private long _packets;
    private long _ignored;

    public RtpReceiver(Socket socket, string legId, ICallRecording recording, IReadOnlyDictionary<int, string> formats, IPAddress[] allowedSources, TimeProvider time, ILogger logger, ReceiveLoops? loops = null)
    {
        LegId = legId;
        _recording = recording;
        _formats = formats;
        _allowedSources = allowedSources;
        _time = time;
        _logger = logger;
        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        _lastPacketTimestamp = time.GetTimestamp();
        _pump = new DatagramPump(socket, $"rtp-{Port}", Handle, loops);
    }

    public string LegId { get; }

    public int Port { get; }

    /// <summary>Packets handed to the recording.</summary>
    public long Packets => Interlocked.Read(ref _packets);

    /// <summary>Packets dropped: unexpected source, unknown payload type, not RTP.</summary>
    public long Ignored => Interlocked.Read(ref _ignored);

    /// <summary>Time since the last accepted packet (or since the receiver was made).</summary>
    public TimeSpan Silence => _time.GetElapsedTime(Interlocked.Read(ref _lastPacketTimestamp));

    public void Start() => _pump.Start();

    /// <summary>Applies a new offer for the same stream (re-INVITE/UPDATE): formats and source may change.</summary>
    public void Update(IReadOnlyDictionary<int, string> formats, IPAddress[] allowedSources)
    {
        _formats = formats;
        _allowedSources = allowedSources;
    }

    public async ValueTask DisposeAsync() => await _pump.StopAsync();

    private void Handle(ReadOnlyMemory<byte> datagram, SocketAddress source)
    {
        if (!RtpSource.IsAllowed(source, _allowedSources) || !RtpPacket.TryParse(datagram, out var packet)
            || !_formats.TryGetValue(packet.PayloadType, out var name))
        {
            Interlocked.Increment(ref _ignored);
            return;
        }

        var now = _time.GetUtcNow();
        Interlocked.Exchange(ref _lastPacketTimestamp, _time.GetTimestamp());
        try
        {
            if (name == MediaFormat.TelephoneEvent)
            {
                _dtmf ??= new TelephoneEventDetector(8000);
                if (_dtmf.Accept(packet, now) is { } dtmf) _recording.AddDtmf(LegId, dtmf);
                return;
            }

            var codec = MediaFormat.Codec(name)!.Value;
            // ICallRecording.Write copies what it keeps (the pipeline's reorder buffer), so the
            // payload can point into the pump's buffer.
            var frame = new AudioFrame(codec, packet.Payload, packet.SequenceNumber, packet.Timestamp, packet.Ssrc, now, MediaFormat.SampleRate(codec));
            _recording.Write(LegId, frame);
            Interlocked.Increment(ref _packets);
        }
        catch (ObjectDisposedException)
        {
            // The call closed while this packet was in flight.
        }
        catch (ArgumentException ex)
        {
            Interlocked.Increment(ref _ignored);
            _logger.LogDebug(ex, "RTP packet for leg {LegId} refused", LegId);
        }
    }
}
