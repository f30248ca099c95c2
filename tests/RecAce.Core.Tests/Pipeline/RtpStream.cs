using NAudio.Codecs;
using RecAce.Plugins;

namespace RecAce.Core.Tests.Pipeline;

/// <summary>Makes G.711 μ-law RTP frames of a tone whose sample values identify their packet.</summary>
internal static class RtpStream
{
    public static readonly DateTimeOffset Start = new(2026, 4, 1, 1, 0, 0, TimeSpan.Zero);

    public static AudioFrame Pcmu(int index, ushort firstSequence = 1000, uint firstTimestamp = 5000, uint ssrc = 0x1234, double arrivalJitterMs = 0)
    {
        var payload = new byte[160];
        for (var i = 0; i < payload.Length; i++)
        {
            payload[i] = MuLawEncoder.LinearToMuLawSample((short)(8000 * Math.Sin(2 * Math.PI * 440 * ((index * 160) + i) / 8000.0)));
        }

        return new AudioFrame(AudioCodec.Pcmu, payload, unchecked((ushort)(firstSequence + index)), unchecked(firstTimestamp + (uint)(index * 160)), ssrc,
            Start + TimeSpan.FromMilliseconds((index * 20) + arrivalJitterMs));
    }
}
