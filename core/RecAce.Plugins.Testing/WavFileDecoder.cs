using System.Buffers.Binary;

namespace RecAce.Plugins.Testing;

/// <summary>
/// A small decoder for 16-bit PCM WAV files at their own sample rate, so the kit needs no media
/// tools. The host's decoder (ffmpeg) reads far more; use it through your own
/// <see cref="IAudioFileDecoder"/> when an adapter's test needs other formats.
/// </summary>
public sealed class WavFileDecoder : IAudioFileDecoder
{
    /// <inheritdoc />
    public async Task<AudioFileInfo> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        var (channels, rate, data) = await ReadAsync(path, cancellationToken);
        return new AudioFileInfo(channels, rate, TimeSpan.FromSeconds(data.Length / 2.0 / channels / rate), "pcm_s16le");
    }

    /// <inheritdoc />
    public async Task<DecodedAudio> DecodeAsync(string path, int sampleRate, CancellationToken cancellationToken)
    {
        var (channels, rate, data) = await ReadAsync(path, cancellationToken);
        if (rate != sampleRate) throw new AudioDecodeException($"The kit's WAV decoder does not resample ({rate} Hz file, {sampleRate} Hz asked).");
        var frames = data.Length / 2 / channels;
        var result = new short[channels][];
        for (var c = 0; c < channels; c++)
        {
            result[c] = new short[frames];
            for (var i = 0; i < frames; i++) result[c][i] = BinaryPrimitives.ReadInt16LittleEndian(data.AsSpan(((i * channels) + c) * 2));
        }

        return new DecodedAudio(rate, result);
    }

    private static async Task<(int Channels, int Rate, byte[] Data)> ReadAsync(string path, CancellationToken ct)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, ct);
        }
        catch (IOException e)
        {
            throw new AudioDecodeException($"Cannot read {Path.GetFileName(path)}: {e.Message}", e);
        }

        if (bytes.Length < 44 || !bytes.AsSpan(0, 4).SequenceEqual("RIFF"u8) || !bytes.AsSpan(8, 4).SequenceEqual("WAVE"u8))
        {
            throw new AudioDecodeException("Not a WAV file");
        }

        int channels = 0, rate = 0, bits = 0;
        for (var pos = 12; pos + 8 <= bytes.Length;)
        {
            var id = bytes.AsSpan(pos, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(pos + 4));
            if (size < 0 || pos + 8 + (long)size > bytes.Length) throw new AudioDecodeException("Truncated WAV chunk");
            if (id.SequenceEqual("fmt "u8) && size >= 16)
            {
                channels = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(pos + 10));
                rate = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(pos + 12));
                bits = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(pos + 22));
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (channels <= 0 || rate <= 0 || bits != 16) throw new AudioDecodeException("Only 16-bit PCM WAV is read by the kit's decoder");
                if (size == 0) throw new AudioDecodeException("The WAV file holds no audio");
                return (channels, rate, bytes.AsSpan(pos + 8, size).ToArray());
            }

            pos += 8 + size + (size & 1);
        }

        throw new AudioDecodeException("No data chunk in the WAV file");
    }
}
