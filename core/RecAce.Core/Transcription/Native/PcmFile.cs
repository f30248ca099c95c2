using System.Runtime.InteropServices;

namespace RecAce.Core.Transcription.Native;

/// <summary>Reads and writes headerless 32-bit float little-endian PCM, the form handed to the worker.</summary>
public static class PcmFile
{
    public const int SampleRate = 16_000;

    public static float[] Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length % sizeof(float) != 0) throw new InvalidDataException($"{Path.GetFileName(path)} is not 32-bit float PCM ({bytes.Length} bytes)");
        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }

    public static void Write(string path, ReadOnlySpan<float> samples) =>
        File.WriteAllBytes(path, MemoryMarshal.AsBytes(samples).ToArray());

    public static TimeSpan Duration(int samples) => TimeSpan.FromSeconds(samples / (double)SampleRate);
}
