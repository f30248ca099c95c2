using RecAce.Core.Calls;
using RecAce.Plugins;

namespace RecAce.Bench;

/// <summary>Records one in-order two-leg G.711 call through the real intake and closes it, as an adapter would.</summary>
internal static class RecordedCall
{
    public static async Task<Guid> RecordAsync(CallIntake intake, byte[][] outsidePackets, byte[][] staffPackets)
    {
        var start = DateTimeOffset.UtcNow;
        var recording = await intake.OpenAsync("bench", new CallInfo
        {
            Direction = CallDirection.Inbound,
            StartedAt = start,
            Legs = [new LegInfo("outside", LegRole.Outside), new LegInfo("staff", LegRole.Staff)],
        }, CancellationToken.None);
        var packets = Math.Min(outsidePackets.Length, staffPackets.Length);
        for (var i = 0; i < packets; i++)
        {
            var arrival = start + TimeSpan.FromMilliseconds(i * 20);
            var ts = (uint)(i * SpeechLikeAudio.SamplesPerPacket);
            recording.Write("outside", new AudioFrame(AudioCodec.Pcmu, outsidePackets[i], (ushort)i, ts, 1, arrival));
            recording.Write("staff", new AudioFrame(AudioCodec.Pcma, staffPackets[i], (ushort)i, ts, 2, arrival));
        }

        await recording.CloseAsync(CallEndReason.Normal);
        return recording.CallId;
    }
}
