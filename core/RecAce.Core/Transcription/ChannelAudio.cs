namespace RecAce.Core.Transcription;

/// <summary>One speaker's channel as 16 kHz mono 32-bit float PCM (little endian, no header) in a file.</summary>
public sealed record ChannelAudio(Speaker Speaker, string PcmPath);
