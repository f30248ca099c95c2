namespace RecAce.Core.Transcription;

/// <summary>What a worker returns: segments of every channel, and how much audio VAD let through.</summary>
public sealed record TranscriptionResult(IReadOnlyList<TranscriptSegment> Segments, TimeSpan Audio, TimeSpan Speech);
