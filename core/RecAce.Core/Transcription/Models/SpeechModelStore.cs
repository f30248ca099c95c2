using System.Text.Json;

namespace RecAce.Core.Transcription.Models;

/// <summary>
/// The models folder (<c>&lt;DataDirectory&gt;/models</c>) and which Whisper model is active: the one
/// named by <c>RecAce:Transcription:Model</c>, else the one installed last.
/// </summary>
public sealed class SpeechModelStore
{
    private const string ActiveFile = "active.json";
    private readonly TranscriptionOptions _options;

    public SpeechModelStore(RecAceOptions options)
    {
        Folder = Path.Combine(Path.GetFullPath(options.DataDirectory), "models");
        _options = options.Transcription;
    }

    public string Folder { get; }

    /// <summary>The Silero VAD model's path, or null when it is not installed (then no silence is skipped).</summary>
    public string? VadModelPath => Path.Combine(Folder, Path.GetFileName(_options.VadModel)) is var p && File.Exists(p) ? p : null;

    /// <summary>The active Whisper model, or null with the reason.</summary>
    public (InstalledSpeechModel? Model, string? Path, string? Problem) Active()
    {
        var record = ReadActive();
        var fileName = string.IsNullOrWhiteSpace(_options.Model) ? record?.FileName : Path.GetFileName(_options.Model);
        if (fileName is null) return (null, null, "no model installed: calls are recorded, transcription waits");
        var path = Path.Combine(Folder, fileName);
        if (!File.Exists(path)) return (null, null, $"model {fileName} is configured but missing from the models folder: calls are recorded, transcription waits");
        var model = record is not null && string.Equals(record.FileName, fileName, StringComparison.Ordinal)
            ? record
            : new InstalledSpeechModel(fileName, fileName, new FileInfo(path).Length, "", "", false, File.GetLastWriteTimeUtc(path));
        return (model, path, null);
    }

    internal void SetActive(InstalledSpeechModel model)
    {
        Directory.CreateDirectory(Folder);
        var tmp = Path.Combine(Folder, ActiveFile + ".tmp");
        File.WriteAllText(tmp, JsonSerializer.Serialize(model));
        File.Move(tmp, Path.Combine(Folder, ActiveFile), overwrite: true);
    }

    private InstalledSpeechModel? ReadActive()
    {
        var path = Path.Combine(Folder, ActiveFile);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<InstalledSpeechModel>(File.ReadAllText(path));
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
