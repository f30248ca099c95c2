using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RecAce.Core.Calls;
using RecAce.Data;
using RecAce.Core.Transcription.Models;
using RecAce.Data.Entities;
using RecAce.Web.Api;
using RecAce.Web.Hosting;

namespace RecAce.Web.Pages;

public sealed class IndexModel : PageModel
{
    private readonly DatabaseFactory _db;
    private readonly CallIntake _intake;
    private readonly CallQueries _queries;
    private readonly PluginStatusView _plugins;
    private readonly SpeechModelStore _models;

    public IndexModel(DatabaseFactory db, CallIntake intake, CallQueries queries, PluginStatusView plugins, SpeechModelStore models)
    {
        _models = models;
        _db = db;
        _intake = intake;
        _queries = queries;
        _plugins = plugins;
    }

    public int OpenCalls { get; private set; }

    /// <summary>The active speech model's file name, or null when none is installed.</summary>
    public string? SpeechModel { get; private set; }

    public int TranscriptionsPending { get; private set; }
    public int Today { get; private set; }
    public int Pending { get; private set; }
    public int Failed { get; private set; }
    public IReadOnlyList<PluginStatusLine> Plugins { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        OpenCalls = _intake.OpenCallCount;
        SpeechModel = _models.Active().Model?.FileName;
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, _queries.Zone);
        var midnight = new DateTimeOffset(now.Date, now.Offset).ToUnixTimeMilliseconds();
        using var db = _db.Open();
        Today = await db.Calls.CountAsync(c => c.StartedAtMs >= midnight, ct);
        Pending = await db.Calls.CountAsync(c => c.Status == CallStatus.Closed, ct);
        TranscriptionsPending = await db.Transcriptions.CountAsync(t => t.Status != TranscriptionStatus.Done, ct);
        Failed = await db.Calls.CountAsync(c => c.Status == CallStatus.FinalizeFailed, ct);
        Plugins = _plugins.Lines();
    }
}
