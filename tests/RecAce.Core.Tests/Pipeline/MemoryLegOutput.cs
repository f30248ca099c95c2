using RecAce.Core.Pipeline;

namespace RecAce.Core.Tests.Pipeline;

/// <summary>Collects a leg's PCM in memory.</summary>
internal sealed class MemoryLegOutput : ILegAudioOutput
{
    public List<short> Samples { get; } = [];

    public long SamplesWritten => Samples.Count;

    public void Write(ReadOnlySpan<short> samples) => Samples.AddRange(samples.ToArray());

    public void WriteSilence(long sampleCount) => Samples.AddRange(new short[sampleCount]);
}
