using LinqToDB;
using LinqToDB.Data;
using RecAce.Core;
using RecAce.Core.Calls;
using RecAce.Core.Transcription.Models;
using RecAce.Data;
using RecAce.Web.Hosting;

namespace RecAce.Web.Health;

/// <summary>Collects the health of each part. Worst part decides the overall status.</summary>
internal sealed class HealthReport
{
    private readonly DatabaseFactory _db;
    private readonly MediaStatus _media;
    private readonly RecAceOptions _options;
    private readonly CallIntake _intake;
    private readonly IEnumerable<IHealthPart> _parts;
    private readonly SpeechModelStore _models;
    private readonly Core.Storage.Recordings.IRecordingStore _recordings;

    public HealthReport(DatabaseFactory db, MediaStatus media, RecAceOptions options, CallIntake intake, IEnumerable<IHealthPart> parts, SpeechModelStore models, Core.Storage.Recordings.IRecordingStore recordings)
    {
        _recordings = recordings;
        _models = models;
        _db = db;
        _media = media;
        _options = options;
        _intake = intake;
        _parts = parts;
    }

    public IResult Build()
    {
        var parts = new Dictionary<string, object>
        {
            ["database"] = Database(),
            ["ffmpeg"] = Ffmpeg(),
            ["spoolDisk"] = SpoolDisk(),
            ["speechModel"] = SpeechModel(),
            ["recordingStore"] = new Part("Healthy", $"{_recordings.Kind}: {_recordings.Location}"),
        };
        foreach (var part in _parts) parts[part.Name] = part.Check();

        var statuses = parts.Values.OfType<Part>().Select(p => p.Status)
            .Concat(parts.Values.OfType<IEnumerable<Hosting.PluginPart>>().SelectMany(l => l.Select(p => p.Status)));
        var worst = statuses.Select(Rank).DefaultIfEmpty(0).Max();
        var status = worst switch { 0 => "Healthy", 1 => "Degraded", _ => "Unhealthy" };
        var node = new { id = _options.Node.EffectiveId, roles = Core.Nodes.NodeRolesParser.Names(_options.Node.ParsedRoles) };
        return Results.Json(new { status, node, openCalls = _intake.OpenCallCount, parts }, statusCode: worst >= 2 ? 503 : 200);
    }

    private static int Rank(string status) => status switch
    {
        "Healthy" or "Active" or "NotConfigured" or "Disabled" => 0,
        // A plugin that cannot load or keeps failing degrades the server; it never takes it down.
        "Degraded" or "Starting" or "NotSupported" or "Faulted" or "Stopped" => 1,
        _ => 2,
    };

    private Part Database()
    {
        try
        {
            using var db = _db.Open();
            db.Execute("SELECT 1");
            // The engine only: where the server is and who connects stay out of an anonymous answer.
            return new Part("Healthy", _db.IsSqlite ? "SQLite" : "PostgreSQL");
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            return new Part("Unhealthy", e.Message);
        }
    }

    private Part SpeechModel()
    {
        var (model, _, problem) = _models.Active();
        if (model is null) return new Part("NotConfigured", problem);
        var vad = _models.VadModelPath is null ? "no VAD model: silence is transcribed too" : "VAD on";
        return new Part("Healthy", $"{model.FileName}{(model.Known ? "" : " (not an official model)")}; {vad}");
    }

    private Part Ffmpeg() => _media.Ffmpeg switch
    {
        null => new Part("Unhealthy", _media.Error ?? "not checked yet"),
        { IsSupported: true } v => new Part("Healthy", v.Raw),
        var v => new Part("Unhealthy", $"{v.Raw}: needs >= {Core.Media.FfmpegVersion.Minimum} with libopus"),
    };

    private Part SpoolDisk()
    {
        try
        {
            var free = new DriveInfo(_intake.SpoolRoot).AvailableFreeSpace / (1024 * 1024);
            var min = _options.Pipeline.MinFreeSpaceMb;
            return new Part(free < min ? "Unhealthy" : free < min * 4 ? "Degraded" : "Healthy", $"{free} MB free (calls are refused below {min} MB)");
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return new Part("Degraded", "free space unknown: " + e.Message);
        }
    }
}

/// <summary>One part's health in /healthz.</summary>
internal sealed record Part(string Status, string? Detail);

/// <summary>A part that reports into /healthz (for example, the plugins).</summary>
internal interface IHealthPart
{
    string Name { get; }

    object Check();
}
