using System.Diagnostics;
using System.Globalization;
using RecAce.Plugins;

namespace RecAce.Plugin.Sip.Tests.B2bua;

/// <summary>Decodes audio files with the real sox, as the host does with ffmpeg (the plugin tests have no host).</summary>
internal sealed class SoxDecoder : IAudioFileDecoder
{
    public Task<AudioFileInfo> ProbeAsync(string path, CancellationToken cancellationToken) => throw new NotSupportedException();

    public async Task<DecodedAudio> DecodeAsync(string path, int sampleRate, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("sox") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])[path, "-t", "raw", "-e", "signed", "-b", "16", "-c", "1", "-r", sampleRate.ToString(CultureInfo.InvariantCulture), "-"])
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        using var pcm = new MemoryStream();
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.BaseStream.CopyToAsync(pcm, cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0) throw new AudioDecodeException($"sox failed: {await stderr}");
        var bytes = pcm.ToArray();
        var samples = new short[bytes.Length / 2];
        Buffer.BlockCopy(bytes, 0, samples, 0, samples.Length * 2);
        return new DecodedAudio(sampleRate, [samples]);
    }
}
