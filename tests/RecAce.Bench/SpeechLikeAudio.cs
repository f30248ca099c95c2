using NAudio.Codecs;

namespace RecAce.Bench;

/// <summary>
/// Deterministic 8 kHz audio that keeps an encoder busy the way speech does: talk spurts of a few
/// harmonics plus noise, modulated at a syllable rate, separated by quiet pauses. The two parties
/// take turns, so each leg is roughly half talk, half pause, as in a conversation.
/// </summary>
internal static class SpeechLikeAudio
{
    public const int SampleRate = 8000;
    public const int SamplesPerPacket = 160;

    /// <param name="speaker">0 or 1: which party; they talk in opposite turns.</param>
    public static short[] Generate(int seconds, int speaker, int seed)
    {
        var random = new Random(seed);
        var samples = new short[seconds * SampleRate];
        var pitch = speaker == 0 ? 120.0 : 210.0;
        const double turnSeconds = 2.5;
        for (var i = 0; i < samples.Length; i++)
        {
            var t = i / (double)SampleRate;
            var talking = (int)(t / turnSeconds) % 2 == speaker;
            var noise = random.NextDouble() * 2 - 1;
            double value;
            if (talking)
            {
                // Pitch drifts a little and the envelope follows ~4 syllables a second.
                var f0 = pitch * (1 + 0.05 * Math.Sin(2 * Math.PI * 0.7 * t));
                var voiced = 0.5 * Math.Sin(2 * Math.PI * f0 * t) + 0.25 * Math.Sin(2 * Math.PI * 2 * f0 * t) + 0.12 * Math.Sin(2 * Math.PI * 3 * f0 * t);
                var envelope = 0.5 + 0.5 * Math.Sin(2 * Math.PI * 4 * t);
                value = envelope * (voiced + 0.15 * noise) * 9000;
            }
            else
            {
                value = noise * 60; // line noise in the pause
            }

            samples[i] = (short)Math.Clamp(value, short.MinValue, short.MaxValue);
        }

        return samples;
    }

    /// <summary>Cuts <paramref name="pcm"/> into 20 ms G.711 payloads (μ-law or A-law).</summary>
    public static byte[][] ToG711Packets(short[] pcm, bool aLaw)
    {
        var packets = new byte[pcm.Length / SamplesPerPacket][];
        for (var p = 0; p < packets.Length; p++)
        {
            var payload = new byte[SamplesPerPacket];
            for (var i = 0; i < payload.Length; i++)
            {
                var s = pcm[p * SamplesPerPacket + i];
                payload[i] = aLaw ? ALawEncoder.LinearToALawSample(s) : MuLawEncoder.LinearToMuLawSample(s);
            }

            packets[p] = payload;
        }

        return packets;
    }
}
