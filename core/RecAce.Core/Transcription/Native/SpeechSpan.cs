namespace RecAce.Core.Transcription.Native;

/// <summary>A stretch that voice activity detection judged to be speech.</summary>
public readonly record struct SpeechSpan(TimeSpan Start, TimeSpan End)
{
    public TimeSpan Length => End - Start;
}
