namespace RecAce.Core.Transcription.Native;

/// <summary>
/// The speech stretches of a channel laid end to end, so Whisper runs once over them (it pads every
/// run to 30 s, so one run per stretch would cost far more), and the times it returns mapped back
/// to the call's own clock.
/// </summary>
public sealed class SpeechTimeline
{
    private readonly List<(TimeSpan PackedStart, SpeechSpan Original)> _pieces = [];

    private SpeechTimeline(float[] packed) => Packed = packed;

    /// <summary>The speech samples only, 16 kHz mono.</summary>
    public float[] Packed { get; }

    public TimeSpan SpeechLength => PcmFile.Duration(Packed.Length);

    public static SpeechTimeline Build(float[] samples, IReadOnlyList<SpeechSpan> spans)
    {
        var packed = new List<float>();
        var pieces = new List<(TimeSpan, SpeechSpan)>();
        foreach (var span in spans)
        {
            var from = Math.Clamp(ToSample(span.Start), 0, samples.Length);
            var to = Math.Clamp(ToSample(span.End), from, samples.Length);
            if (to == from) continue;
            pieces.Add((PcmFile.Duration(packed.Count), span));
            packed.AddRange(samples.AsSpan(from, to - from));
        }

        var timeline = new SpeechTimeline([.. packed]);
        timeline._pieces.AddRange(pieces);
        return timeline;
    }

    /// <summary>The whole channel as one piece (no VAD model installed).</summary>
    public static SpeechTimeline Whole(float[] samples) =>
        Build(samples, [new SpeechSpan(TimeSpan.Zero, PcmFile.Duration(samples.Length))]);

    /// <summary>Maps a time in <see cref="Packed"/> to the call's time.</summary>
    public TimeSpan ToCallTime(TimeSpan packed)
    {
        for (var i = _pieces.Count - 1; i >= 0; i--)
        {
            var (start, original) = _pieces[i];
            if (packed >= start) return original.Start + TimeSpan.FromTicks(Math.Min((packed - start).Ticks, original.Length.Ticks));
        }

        return packed;
    }

    private static int ToSample(TimeSpan t) => (int)Math.Round(t.TotalSeconds * PcmFile.SampleRate);
}
