namespace RecAce.Core.Pipeline;

/// <summary>Where a leg's decoded, ordered, gap-filled PCM goes (a spool file, or memory in tests).</summary>
internal interface ILegAudioOutput
{
    /// <summary>Samples written so far, silence included.</summary>
    long SamplesWritten { get; }

    void Write(ReadOnlySpan<short> samples);

    void WriteSilence(long sampleCount);
}
