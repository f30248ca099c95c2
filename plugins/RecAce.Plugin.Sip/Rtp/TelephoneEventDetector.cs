using System.Buffers.Binary;
using RecAce.Plugins;

namespace RecAce.Plugin.Sip.Rtp;

/// <summary>
/// Turns RFC 4733 telephone-event packets into one <see cref="DtmfEvent"/> per key press: an event
/// is sent as many packets with one RTP timestamp, and its end packet three times.
/// </summary>
internal sealed class TelephoneEventDetector(int clockRate)
{
    private const string Keys = "0123456789*#ABCD";
    private uint? _startedTimestamp;
    private DateTimeOffset _startedAt;
    private uint? _reportedTimestamp;

    /// <summary>The finished event this packet completes, or null.</summary>
    public DtmfEvent? Accept(in RtpPacket packet, DateTimeOffset arrival)
    {
        var payload = packet.Payload.Span;
        if (payload.Length < 4 || payload[0] >= Keys.Length) return null;
        if (_startedTimestamp != packet.Timestamp)
        {
            _startedTimestamp = packet.Timestamp;
            _startedAt = arrival;
        }

        var end = (payload[1] & 0x80) != 0;
        if (!end || _reportedTimestamp == packet.Timestamp) return null;
        _reportedTimestamp = packet.Timestamp;
        var duration = TimeSpan.FromSeconds(BinaryPrimitives.ReadUInt16BigEndian(payload[2..]) / (double)clockRate);
        return new DtmfEvent(Keys[payload[0]], _startedAt, duration);
    }
}
