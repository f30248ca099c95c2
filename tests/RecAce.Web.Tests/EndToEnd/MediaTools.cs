using System.Diagnostics;

namespace RecAce.Web.Tests.EndToEnd;

/// <summary>Runs the real sox, ffmpeg and ffprobe for test input and for checking output.</summary>
internal static class MediaTools
{
    public static async Task<string> RunAsync(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(timeout.Token);
        if (p.ExitCode != 0) throw new InvalidOperationException($"{exe} {string.Join(' ', args)} failed: {await stderr}");
        return await stdout;
    }

    /// <summary>One channel of a file as 16-bit samples at <paramref name="rate"/>.</summary>
    public static async Task<short[]> DecodeChannelAsync(string path, int channel, int rate)
    {
        var raw = Path.GetTempFileName();
        try
        {
            await RunAsync("ffmpeg", "-hide_banner", "-v", "error", "-y", "-i", path, "-af", $"pan=mono|c0=c{channel}", "-ar", rate.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", "s16le", raw);
            var bytes = await File.ReadAllBytesAsync(raw);
            var samples = new short[bytes.Length / 2];
            Buffer.BlockCopy(bytes, 0, samples, 0, samples.Length * 2);
            return samples;
        }
        finally
        {
            File.Delete(raw);
        }
    }

    /// <summary>
    /// Normalised cross-correlation at the best lag within ±<paramref name="maxLag"/> samples: a
    /// codec's algorithmic delay must not count as a difference in content.
    /// </summary>
    public static double Correlation(short[] a, short[] b, int maxLag)
    {
        var best = double.MinValue;
        for (var lag = -maxLag; lag <= maxLag; lag++)
        {
            double sab = 0, saa = 0, sbb = 0;
            for (var i = 0; i < a.Length; i++)
            {
                var j = i + lag;
                if (j < 0 || j >= b.Length) continue;
                sab += a[i] * (double)b[j];
                saa += a[i] * (double)a[i];
                sbb += b[j] * (double)b[j];
            }

            if (saa > 0 && sbb > 0) best = Math.Max(best, sab / Math.Sqrt(saa * sbb));
        }

        return best;
    }
}
