using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using RecAce.Plugins;

namespace RecAce.Plugin.FolderImport.Tests.Fakes;

/// <summary>
/// A real decoder for tests: runs the system ffprobe/ffmpeg. The production decoder lives in the core.
/// </summary>
internal sealed class FfmpegAudioFileDecoder : IAudioFileDecoder
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    public async Task<AudioFileInfo> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        var (exitCode, stdout, stderr) = await RunAsync(
            "ffprobe",
            ["-v", "error", "-select_streams", "a:0", "-show_entries", "stream=channels,sample_rate,codec_name:format=duration", "-of", "json", path],
            cancellationToken);
        if (exitCode != 0)
            throw new AudioDecodeException($"ffprobe failed: {Tail(stderr)}");
        using var json = JsonDocument.Parse(stdout);
        if (!json.RootElement.TryGetProperty("streams", out var streams) || streams.GetArrayLength() == 0)
            throw new AudioDecodeException("ffprobe found no audio stream");
        var stream = streams[0];
        var duration = json.RootElement.TryGetProperty("format", out var format)
            && format.TryGetProperty("duration", out var d)
            && double.TryParse(d.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds) : TimeSpan.Zero;
        return new AudioFileInfo(
            stream.GetProperty("channels").GetInt32(),
            int.Parse(stream.GetProperty("sample_rate").GetString()!, CultureInfo.InvariantCulture),
            duration,
            stream.GetProperty("codec_name").GetString() ?? "unknown");
    }

    public async Task<DecodedAudio> DecodeAsync(string path, int sampleRate, CancellationToken cancellationToken)
    {
        var info = await ProbeAsync(path, cancellationToken);
        var (exitCode, pcm, stderr) = await RunBinaryAsync(
            "ffmpeg",
            ["-nostdin", "-v", "error", "-i", path, "-map", "0:a:0", "-f", "s16le", "-acodec", "pcm_s16le", "-ar", sampleRate.ToString(CultureInfo.InvariantCulture), "pipe:1"],
            cancellationToken);
        if (exitCode != 0)
            throw new AudioDecodeException($"ffmpeg failed: {Tail(stderr)}");
        var frames = pcm.Length / 2 / info.Channels;
        var channels = Enumerable.Range(0, info.Channels).Select(_ => new short[frames]).ToArray();
        for (var i = 0; i < frames; i++)
            for (var c = 0; c < info.Channels; c++)
                channels[c][i] = BitConverter.ToInt16(pcm, ((i * info.Channels) + c) * 2);
        return new DecodedAudio(sampleRate, channels);
    }

    private static string Tail(string text) => text.Length <= 300 ? text.Trim() : text[^300..].Trim();

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string file, string[] args, CancellationToken cancellationToken)
    {
        var (exitCode, stdout, stderr) = await RunBinaryAsync(file, args, cancellationToken);
        return (exitCode, System.Text.Encoding.UTF8.GetString(stdout), stderr);
    }

    private static async Task<(int ExitCode, byte[] Stdout, string Stderr)> RunBinaryAsync(string file, string[] args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_timeout);
        try
        {
            // Both pipes are read at once, or a full stderr pipe blocks ffmpeg.
            var stdout = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout, timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await Task.WhenAll(copy, stderr);
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, stdout.ToArray(), await stderr);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }
}
