namespace RecAce.Core.Transcription;

/// <summary>One stretch of speech by one speaker, with times from the start of the call.</summary>
public sealed record TranscriptSegment(Speaker Speaker, TimeSpan Start, TimeSpan End, string Text);
