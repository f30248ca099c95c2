namespace RecAce.Core.Transcription.Models;

/// <summary>
/// The official whisper.cpp ggml models RecAce accepts. Hashes are the SHA-1 values of the
/// official model list (whisper.cpp <c>models/README.md</c> and its Hugging Face model card), which
/// publishes SHA-1 rather than SHA-256; RecAce records the SHA-256 of what it installed besides.
/// Sizes are the list's rounded figures.
/// </summary>
public static class SpeechModelCatalog
{
    /// <summary>Where <c>recace model download</c> fetches from.</summary>
    public const string DownloadBase = "https://huggingface.co/ggerganov/whisper.cpp/resolve/main/";

    public static IReadOnlyList<KnownSpeechModel> Models { get; } =
    [
        new("tiny", 75, "bd577a113a864445d4c299885e0cb97d4ba92b5f"),
        new("tiny-q5_1", 31, "2827a03e495b1ed3048ef28a6a4620537db4ee51"),
        new("tiny-q8_0", 42, "19e8118f6652a650569f5a949d962154e01571d9"),
        new("base", 142, "465707469ff3a37a2b9b8d8f89f2f99de7299dac"),
        new("base-q5_1", 57, "a3733eda680ef76256db5fc5dd9de8629e62c5e7"),
        new("base-q8_0", 78, "7bb89bb49ed6955013b166f1b6a6c04584a20fbe"),
        new("small", 466, "55356645c2b361a969dfd0ef2c5a50d530afd8d5"),
        new("small-q5_1", 181, "6fe57ddcfdd1c6b07cdcc73aaf620810ce5fc771"),
        new("small-q8_0", 252, "bcad8a2083f4e53d648d586b7dbc0cd673d8afad"),
        new("medium", 1.5 * 1024, "fd9727b6e1217c2f614f9b698455c4ffd82463b4"),
        new("medium-q5_0", 514, "7718d4c1ec62ca96998f058114db98236937490e"),
        new("medium-q8_0", 785, "e66645948aff4bebbec71b3485c576f3d63af5d6"),
        new("large-v3", 2.9 * 1024, "ad82bf6a9043ceed055076d0fd39f5f186ff8062"),
        new("large-v3-q5_0", 1.1 * 1024, "e6e2ed78495d403bef4b7cff42ef4aaadcfea8de"),
        new("large-v3-turbo", 1.5 * 1024, "4af2b29d7ec73d781377bfd1758ca957a807e941"),
        new("large-v3-turbo-q5_0", 547, "e050f7970618a659205450ad97eb95a18d69c9ee"),
        new("large-v3-turbo-q8_0", 834, "01bf15bedffe9f39d65c1b6ff9b687ea91f59e0e"),
    ];

    public static KnownSpeechModel? ByName(string name) =>
        Models.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(m.FileName, name, StringComparison.OrdinalIgnoreCase));

    public static KnownSpeechModel? BySha1(string sha1) =>
        Models.FirstOrDefault(m => string.Equals(m.Sha1, sha1, StringComparison.OrdinalIgnoreCase));
}
