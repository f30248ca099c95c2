using System.Buffers.Binary;
using RecAce.Plugins;

namespace RecAce.Plugin.Capture.Calls;

/// <summary>
/// Turns RFC 4733 telephone-event packets into one <see cref="DtmfEvent"/> per key press: an event is
/// sent many times (updates, then the end packet three times), all with the same RTP timestamp.
/// </summary>
internal sealed class DtmfEventDetector
{
    private const string Digits = "0123456789*#ABCD";
    private uint? _lastReported;
    private uint? _current;
    private DateTimeOffset _currentStart;

    /// <summary>Returns an event the first time an end packet of a new event is seen.</summary>
    public DtmfEvent? Accept(uint timestamp, ReadOnlySpan<byte> payload, DateTimeOffset time, int clockRate)
    {
        if (payload.Length < 4) return null;
        var code = payload[0];
        var end = (payload[1] & 0x80) != 0;
        var duration = BinaryPrimitives.ReadUInt16BigEndian(payload[2..]);
        if (_current != timestamp)
        {
            _current = timestamp;
            _currentStart = time;
        }
        if (!end || _lastReported == timestamp || code >= Digits.Length) return null;
        _lastReported = timestamp;
        var rate = clockRate > 0 ? clockRate : 8000;
        return new DtmfEvent(Digits[code], _currentStart, TimeSpan.FromSeconds((double)duration / rate));
    }
}
