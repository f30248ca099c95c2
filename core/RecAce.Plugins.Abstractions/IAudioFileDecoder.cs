namespace RecAce.Plugins;

/// <summary>
/// Reads audio files through the host's media runner (FFmpeg), so adapters never start media
/// processes of their own. Thread safety: may be called concurrently; the host bounds how many
/// decodes run at once.
/// </summary>
public interface IAudioFileDecoder
{
    /// <summary>Reads a file's format: channels, sample rate, duration.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <exception cref="AudioDecodeException">The file is missing, empty, not audio or corrupt.</exception>
    Task<AudioFileInfo> ProbeAsync(string path, CancellationToken cancellationToken);

    /// <summary>
    /// Decodes a whole file to 16-bit PCM, one array per channel, at <paramref name="sampleRate"/>.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="sampleRate">Output sample rate in Hz (8000 to 48000).</param>
    /// <param name="cancellationToken">Cancels the decode; the media process is killed.</param>
    /// <exception cref="AudioDecodeException">The file cannot be decoded; the message carries the decoder's reason.</exception>
    Task<DecodedAudio> DecodeAsync(string path, int sampleRate, CancellationToken cancellationToken);
}

/// <summary>A file's audio format.</summary>
/// <param name="Channels">Number of channels (1 or more).</param>
/// <param name="SampleRate">Sample rate in Hz.</param>
/// <param name="Duration">Duration of the audio.</param>
/// <param name="CodecName">The decoder's name for the encoding (for example <c>pcm_s16le</c>, <c>mp3</c>).</param>
public sealed record AudioFileInfo(int Channels, int SampleRate, TimeSpan Duration, string CodecName);

/// <summary>Decoded audio, one array of 16-bit samples per channel, all of the same length.</summary>
/// <param name="SampleRate">Sample rate in Hz.</param>
/// <param name="Channels">Samples per channel.</param>
public sealed record DecodedAudio(int SampleRate, IReadOnlyList<short[]> Channels);
