using System.Buffers.Binary;

namespace RecAce.Bench;

/// <summary>
/// Weightless Whisper models of other sizes, made from the tiny one in the fixtures. That file holds
/// only the header (hyper-parameters), the mel filters and the vocabulary; whisper.cpp allocates the
/// tensors from the hyper-parameters, so rewriting the six that set the size gives a model that
/// computes exactly as much as the real base or small one, and writes no text.
/// </summary>
internal static class WeightlessModel
{
    /// <summary>Encoder and decoder width, heads and layers of the official models.</summary>
    public static readonly IReadOnlyDictionary<string, (int State, int Heads, int Layers)> Sizes = new Dictionary<string, (int, int, int)>
    {
        ["tiny"] = (384, 6, 4),
        ["base"] = (512, 8, 6),
        ["small"] = (768, 12, 12),
    };

    private const uint Magic = 0x67676d6c; // "ggml"

    public static string Write(string tinyPath, string size, string folder)
    {
        var bytes = File.ReadAllBytes(tinyPath);
        if (bytes.Length < 48 || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic) throw new InvalidDataException($"{tinyPath} is not a ggml Whisper model");
        var (state, heads, layers) = Sizes[size];
        // Header after the magic: n_vocab, n_audio_ctx, n_audio_state, n_audio_head, n_audio_layer,
        // n_text_ctx, n_text_state, n_text_head, n_text_layer, n_mels, ftype (int32 each).
        foreach (var (index, value) in new[] { (2, state), (3, heads), (4, layers), (6, state), (7, heads), (8, layers) })
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4 + index * 4), value);
        }

        var path = Path.Combine(folder, $"weightless-ggml-{size}.bin");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
