using System.Text.Json;
using RecAce.Plugins;

namespace RecAce.Core.Media;

/// <summary>The contract's <see cref="IAudioFileDecoder"/> on top of the one <see cref="MediaRunner"/>.</summary>
public sealed class AudioFileDecoder : IAudioFileDecoder
{
    // A decoded file is held in memory; four hours of stereo 16 kHz is about 920 MB, beyond which
    // a file is refused rather than risk the host.
    private static readonly TimeSpan MaxDuration = TimeSpan.FromHours(4);
    private readonly MediaRunner _runner;

    public AudioFileDecoder(MediaRunner runner) => _runner = runner;

    public async Task<AudioFileInfo> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        var file = new FileInfo(path);
        if (!file.Exists) throw new AudioDecodeException($"File not found: {file.Name}");
        if (file.Length == 0) throw new AudioDecodeException("Empty file");
        using var output = new MemoryStream();
        try
        {
            await _runner.RunAsync(_runner.FfprobePath,
                ["-v", "error", "-print_format", "json", "-show_streams", "-show_format", "-select_streams", "a", "--", path],
                output, cancellationToken, TimeSpan.FromSeconds(60));
        }
        catch (MediaProcessException e)
        {
            throw new AudioDecodeException($"Not readable as audio: {LastLine(e.StderrTail)}", e);
        }

        using var json = JsonDocument.Parse(output.ToArray());
        var streams = json.RootElement.TryGetProperty("streams", out var s) ? s : default;
        if (streams.ValueKind != JsonValueKind.Array || streams.GetArrayLength() == 0)
        {
            throw new AudioDecodeException("Not audio: no audio stream found");
        }

        var a = streams[0];
        var channels = a.TryGetProperty("channels", out var c) ? c.GetInt32() : 0;
        var rate = a.TryGetProperty("sample_rate", out var r) && int.TryParse(r.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var rr) ? rr : 0;
        var duration = ReadDuration(a) ?? (json.RootElement.TryGetProperty("format", out var f) ? ReadDuration(f) : null);
        var codec = a.TryGetProperty("codec_name", out var cn) ? cn.GetString() ?? "" : "";
        if (channels <= 0 || rate <= 0) throw new AudioDecodeException("Not audio: the audio stream has no channels or sample rate");
        if (duration is null || duration <= TimeSpan.Zero) throw new AudioDecodeException("The audio stream has no duration (truncated or empty)");
        return new AudioFileInfo(channels, rate, duration.Value, codec);
    }

    public async Task<DecodedAudio> DecodeAsync(string path, int sampleRate, CancellationToken cancellationToken)
    {
        if (sampleRate is < 8000 or > 48000) throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "8000 to 48000 Hz");
        var info = await ProbeAsync(path, cancellationToken);
        if (info.Duration > MaxDuration) throw new AudioDecodeException($"Longer than {MaxDuration.TotalHours} hours: {info.Duration}");
        using var pcm = new MemoryStream();
        try
        {
            await _runner.RunAsync(_runner.FfmpegPath,
                ["-hide_banner", "-nostdin", "-v", "error", "-xerror", "-i", path, "-vn", "-map", "0:a:0",
                 "-ac", info.Channels.ToString(System.Globalization.CultureInfo.InvariantCulture),
                 "-ar", sampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
                 "-f", "s16le", "-acodec", "pcm_s16le", "pipe:1"],
                pcm, cancellationToken);
        }
        catch (MediaProcessException e)
        {
            throw new AudioDecodeException($"Decoding failed: {LastLine(e.StderrTail)}", e);
        }

        if (pcm.Length < 2 * info.Channels) throw new AudioDecodeException("Decoding produced no audio (truncated file?)");
        return new DecodedAudio(sampleRate, Deinterleave(pcm.GetBuffer().AsSpan(0, (int)pcm.Length), info.Channels));
    }

    internal static short[][] Deinterleave(ReadOnlySpan<byte> interleaved, int channels)
    {
        var frames = interleaved.Length / 2 / channels;
        var result = new short[channels][];
        for (var ch = 0; ch < channels; ch++) result[ch] = new short[frames];
        for (var i = 0; i < frames; i++)
        {
            for (var ch = 0; ch < channels; ch++)
            {
                var o = ((i * channels) + ch) * 2;
                result[ch][i] = (short)(interleaved[o] | (interleaved[o + 1] << 8));
            }
        }

        return result;
    }

    private static TimeSpan? ReadDuration(JsonElement e) =>
        e.TryGetProperty("duration", out var d) && double.TryParse(d.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var sec)
            ? TimeSpan.FromSeconds(sec)
            : null;

    private static string LastLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "no reason given" : lines[^1];
    }
}
