namespace RecAce.Core.Tests.Transcription;

/// <summary>The shared fixtures (weightless Whisper model, Silero VAD model, jfk.wav) beside the repository.</summary>
internal static class Fixtures
{
    public static string? Folder { get; } = Find();

    public const string MissingReason = "shared fixtures folder not found beside the repository (../shared/fixtures)";

    public static string WeightlessTiny => Path.Combine(Folder!, "for-tests-ggml-tiny.bin");

    public static string SileroVad => Path.Combine(Folder!, "for-tests-silero-v6.2.0-ggml.bin");

    public static string Jfk => Path.Combine(Folder!, "jfk.wav");

    /// <summary>jfk.wav as 16 kHz mono float (it is 16-bit PCM with a 44-byte header).</summary>
    public static float[] JfkSamples()
    {
        var bytes = File.ReadAllBytes(Jfk);
        var data = FindDataChunk(bytes);
        var samples = new float[data.Length / 2];
        for (var i = 0; i < samples.Length; i++) samples[i] = BitConverter.ToInt16(data.Slice(i * 2, 2)) / 32768f;
        return samples;
    }

    private static ReadOnlySpan<byte> FindDataChunk(byte[] wav)
    {
        var pos = 12;
        while (pos + 8 <= wav.Length)
        {
            var id = System.Text.Encoding.ASCII.GetString(wav, pos, 4);
            var size = BitConverter.ToInt32(wav, pos + 4);
            if (id == "data") return wav.AsSpan(pos + 8, Math.Min(size, wav.Length - pos - 8));
            pos += 8 + size + (size & 1);
        }

        throw new InvalidDataException("no data chunk");
    }

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "fixtures");
            if (File.Exists(Path.Combine(candidate, "for-tests-ggml-tiny.bin"))) return Path.GetFullPath(candidate);
        }

        return null;
    }
}

/// <summary>A fact that runs only when the shared fixtures are present, and says so when skipped.</summary>
public sealed class FixtureFactAttribute : FactAttribute
{
    public FixtureFactAttribute()
    {
        if (Fixtures.Folder is null) Skip = Fixtures.MissingReason;
    }
}

/// <summary>A fact that needs real Whisper weights: runs only when RECACE_WHISPER_MODEL names a model file.</summary>
public sealed class WhisperModelFactAttribute : FactAttribute
{
    public const string Variable = "RECACE_WHISPER_MODEL";

    public WhisperModelFactAttribute()
    {
        var path = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(path)) Skip = $"needs real Whisper weights: set {Variable} to a ggml model file (none can be downloaded here)";
        else if (!File.Exists(path)) Skip = $"{Variable}={path} does not exist";
    }

    public static string ModelPath => Environment.GetEnvironmentVariable(Variable)!;
}
