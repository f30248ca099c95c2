namespace RecAce.Core.Transcription.Models;

/// <summary>An official ggml model: its file name, approximate size and the SHA-1 the official list publishes.</summary>
/// <param name="Name">The name used by <c>recace model download</c> (tiny, large-v3-turbo-q5_0, ...).</param>
/// <param name="ApproxMiB">Size as published (rounded); used only to tell a truncated download from a wrong file.</param>
/// <param name="Sha1">Lower-case hex SHA-1 from the official model list.</param>
public sealed record KnownSpeechModel(string Name, double ApproxMiB, string Sha1)
{
    /// <summary>The file name under which whisper.cpp publishes it and RecAce stores it.</summary>
    public string FileName => $"ggml-{Name}.bin";

    public long ApproxBytes => (long)(ApproxMiB * 1024 * 1024);
}
