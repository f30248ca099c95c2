using System.Diagnostics;
using System.Globalization;

namespace RecAce.Plugin.FolderImport.Tests;

/// <summary>Makes real audio files with the system's sox and ffmpeg.</summary>
internal static class TestAudio
{
    /// <summary>A 16-bit stereo WAV with a different sine tone on each channel.</summary>
    public static void StereoWav(string path, double seconds, int sampleRate, int leftHz, int rightHz) =>
        Run("sox", "-n", "-r", Text(sampleRate), "-c", "2", "-b", "16", path, "synth", Text(seconds), "sine", Text(leftHz), "sine", Text(rightHz));

    /// <summary>A 16-bit WAV with one sine tone per channel.</summary>
    public static void Channels(string path, double seconds, int sampleRate, params int[] hz) =>
        Run("sox", ["-n", "-r", Text(sampleRate), "-c", Text(hz.Length), "-b", "16", path, "synth", Text(seconds), .. hz.SelectMany(h => new[] { "sine", Text(h) })]);

    /// <summary>A mono MP3 with one sine tone.</summary>
    public static void MonoMp3(string path, double seconds, int sampleRate, int hz) =>
        Run("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", $"sine=frequency={Text(hz)}:duration={Text(seconds)}", "-ar", Text(sampleRate), "-ac", "1", path);

    /// <summary>The frequency of a pure tone, from its zero crossings.</summary>
    public static double ToneHz(short[] samples, int sampleRate)
    {
        var crossings = 0;
        for (var i = 1; i < samples.Length; i++)
            if ((samples[i - 1] < 0) != (samples[i] < 0))
                crossings++;
        return crossings / 2.0 / ((double)samples.Length / sampleRate);
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(20_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} failed: {stderr}");
    }
}
