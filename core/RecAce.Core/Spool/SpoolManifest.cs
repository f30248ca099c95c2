using System.Text.Json;
using System.Text.Json.Serialization;
using RecAce.Core.Pipeline;
using RecAce.Plugins;

namespace RecAce.Core.Spool;

/// <summary>
/// What a call's spool folder holds besides the PCM: enough to finalize the call after a crash
/// without the database. Written atomically (temp file, then rename).
/// </summary>
internal sealed record SpoolManifest
{
    public const string FileName = "call.json";

    public Guid CallId { get; init; }
    public string AdapterId { get; init; } = "";
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; set; }
    public DateTimeOffset? MediaEnd { get; set; }
    public CallEndReason? EndReason { get; set; }
    public List<SpoolLeg> Legs { get; init; } = [];
    public List<SpoolDtmf> Dtmf { get; init; } = [];

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static SpoolManifest Read(string folder) =>
        JsonSerializer.Deserialize<SpoolManifest>(File.ReadAllBytes(System.IO.Path.Combine(folder, FileName)), Json)
        ?? throw new InvalidDataException($"Empty spool manifest in {folder}.");

    public void Write(string folder)
    {
        var target = System.IO.Path.Combine(folder, FileName);
        var temp = target + ".tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(this, Json));
        File.Move(temp, target, overwrite: true);
    }
}

/// <summary>One leg in a spool manifest.</summary>
internal sealed record SpoolLeg
{
    public string LegId { get; init; } = "";
    public LegRole Role { get; init; }
    public string? Label { get; init; }
    public string FileName { get; init; } = "";
    public int SampleRate { get; set; }
    public LegCounters Counters { get; set; } = new();
}

/// <summary>A key press kept in the manifest until the call is closed.</summary>
internal sealed record SpoolDtmf(string LegId, char Digit, DateTimeOffset At, int DurationMs);
