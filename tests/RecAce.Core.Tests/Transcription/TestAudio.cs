using System.Diagnostics;

namespace RecAce.Core.Tests.Transcription;

/// <summary>Writes small WAV files for the tests.</summary>
internal static class TestAudio
{
    /// <summary>A 16-bit PCM WAV with the given channels (interleaved).</summary>
    public static void WriteWav(string path, int sampleRate, params short[][] channels)
    {
        var frames = channels.Max(c => c.Length);
        using var w = new BinaryWriter(File.Create(path));
        var dataBytes = frames * channels.Length * 2;
        w.Write("RIFF"u8);
        w.Write(36 + dataBytes);
        w.Write("WAVEfmt "u8);
        w.Write(16);
        w.Write((short)1);
        w.Write((short)channels.Length);
        w.Write(sampleRate);
        w.Write(sampleRate * channels.Length * 2);
        w.Write((short)(channels.Length * 2));
        w.Write((short)16);
        w.Write("data"u8);
        w.Write(dataBytes);
        for (var i = 0; i < frames; i++)
        {
            foreach (var c in channels) w.Write(i < c.Length ? c[i] : (short)0);
        }
    }

    public static short[] Tone(int sampleRate, double seconds, double hz, double amplitude = 0.3) =>
        Enumerable.Range(0, (int)(sampleRate * seconds)).Select(i => (short)(Math.Sin(2 * Math.PI * hz * i / sampleRate) * amplitude * short.MaxValue)).ToArray();

    public static short[] Silence(int sampleRate, double seconds) => new short[(int)(sampleRate * seconds)];

    public static bool FfmpegAvailable()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("ffmpeg", "-version") { RedirectStandardOutput = true, RedirectStandardError = true });
            p!.WaitForExit(10_000);
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
