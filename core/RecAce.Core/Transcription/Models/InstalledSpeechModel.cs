namespace RecAce.Core.Transcription.Models;

/// <summary>A model file in the models folder and what was checked when it was installed.</summary>
/// <param name="Name">Catalog name, or the file name for a model accepted with <c>--allow-unknown</c>.</param>
/// <param name="Known">True when its hash is in <see cref="SpeechModelCatalog"/>.</param>
public sealed record InstalledSpeechModel(string Name, string FileName, long SizeBytes, string Sha1, string Sha256, bool Known, DateTimeOffset InstalledAt);
