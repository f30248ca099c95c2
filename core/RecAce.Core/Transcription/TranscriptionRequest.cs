namespace RecAce.Core.Transcription;

/// <summary>What a worker transcribes: each channel on its own, with one model load for all.</summary>
public sealed record TranscriptionRequest(
    string ModelPath,
    string? VadModelPath,
    IReadOnlyList<ChannelAudio> Channels,
    string Language,
    int Threads);
