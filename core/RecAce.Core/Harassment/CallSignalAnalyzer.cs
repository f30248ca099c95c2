using System.Globalization;
using System.Text.Json;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Logging;
using RecAce.Core.Audit;
using RecAce.Core.Media;
using RecAce.Data;
using RecAce.Data.Entities;

namespace RecAce.Core.Harassment;

/// <summary>
/// Scores a call for harassment from its row (length, repeat caller), its sealed recording
/// (shouting on the outside party's channel, cross-talk) and its transcript (lexicon phrases),
/// stores the score with its reasons and flags a call at or over the threshold for review.
/// Run after finalization and again after transcription; each run replaces the last.
/// </summary>
public sealed class CallSignalAnalyzer
{
    /// <summary>Loudness is measured at 8 kHz: telephone audio has nothing above 4 kHz, and it keeps the decode cheap.</summary>
    private const int MeterSampleRate = 8000;
    public const string Actor = "system:signals";
    private readonly DatabaseFactory _db;
    private readonly MediaRunner _media;
    private readonly AuditLog _audit;
    private readonly SignalOptions _options;
    private readonly SignalLexicon _lexicon;
    private readonly TimeProvider _time;
    private readonly ILogger<CallSignalAnalyzer> _logger;
    private readonly Storage.Recordings.IRecordingStore _recordings;

    public CallSignalAnalyzer(DatabaseFactory db, MediaRunner media, AuditLog audit, Storage.Recordings.IRecordingStore recordings, SignalOptions options, TimeProvider time, ILogger<CallSignalAnalyzer> logger)
    {
        _recordings = recordings;
        _db = db;
        _media = media;
        _audit = audit;
        _options = options;
        _time = time;
        _logger = logger;
        _lexicon = new SignalLexicon(options.Lexicon);
    }

    /// <returns>The stored analysis, or null when the call does not exist, is deleted or analysis is off.</returns>
    public async Task<CallSignals?> AnalyzeAsync(Guid callId, CancellationToken ct)
    {
        if (!_options.Enabled) return null;
        CallRow? call;
        RecordingRow? recording;
        List<TranscriptSegmentRow> outside;
        int recentCalls = 0;
        using (var db = _db.Open())
        {
            call = await db.Calls.FirstOrDefaultAsync(c => c.Id == callId, ct);
            if (call is null || call.Status == CallStatus.Deleted) return null;
            recording = await db.Recordings.FirstOrDefaultAsync(r => r.CallId == callId, ct);
            outside = await db.TranscriptSegments.Where(s => s.CallId == callId && s.Speaker == 0).OrderBy(s => s.StartMs).ToListAsync(ct);
            if (!string.IsNullOrWhiteSpace(call.OutsideNumber))
            {
                var since = call.StartedAtMs - (long)(_options.RepeatWindowHours * 3_600_000);
                recentCalls = await db.Calls.CountAsync(c => c.OutsideNumber == call.OutsideNumber && c.StartedAtMs >= since && c.StartedAtMs <= call.StartedAtMs, ct);
            }
        }

        var reasons = new List<SignalReason>();
        var minutes = (call.DurationMs ?? recording?.DurationMs ?? 0) / 60_000.0;
        if (minutes > _options.LongCallMinutes)
        {
            reasons.Add(new SignalReason(SignalKinds.LongCall, _options.LongCallPoints, IncidentCategory.TimeBinding, F(minutes) + " min"));
        }

        if (recentCalls >= _options.RepeatCalls && _options.RepeatCalls > 0)
        {
            reasons.Add(new SignalReason(SignalKinds.RepeatCaller, _options.RepeatPoints, IncidentCategory.Repeat,
                $"{recentCalls} calls / {F(_options.RepeatWindowHours)} h"));
        }

        if (recording is not null) reasons.AddRange(await AudioReasonsAsync(callId, recording, ct));

        var phrases = outside.SelectMany(s => _lexicon.Find(s.CorrectedText ?? s.Text)).DistinctBy(p => p.Phrase).ToList();
        reasons.AddRange(phrases.Select(p => new SignalReason(SignalKinds.Phrase, _options.PhrasePoints, p.Category, p.Phrase)));

        var score = reasons.Sum(r => r.Points);
        var categories = reasons.Select(r => r.Category).OfType<IncidentCategory>().Distinct().Order().ToList();
        var result = new CallSignals(callId, score, reasons, categories, outside.Count > 0, _time.GetUtcNow().ToUnixTimeMilliseconds());
        await StoreAsync(result, ct);
        if (score >= _options.FlagScore && !call.ReviewFlag) await FlagAsync(call, result, ct);
        _logger.LogInformation("Call {CallId} scored {Score} ({Reasons})", callId, score, string.Join(", ", reasons.Select(r => r.Kind)));
        return result;
    }

    private async Task<IReadOnlyList<SignalReason>> AudioReasonsAsync(Guid callId, RecordingRow recording, CancellationToken ct)
    {
        var meter = new LoudnessMeter(MeterSampleRate, _options.LoudnessWindowMs);
        try
        {
            await using var local = await _recordings.OpenLocalAsync(recording.Path, recording.Sha256, ct)
                ?? throw new MediaProcessException($"the recording {recording.Path} is missing from {_recordings.Kind} storage");
            await _media.RunAsync(_media.FfmpegPath,
                ["-hide_banner", "-nostdin", "-v", "error", "-i", local.Path, "-vn", "-map", "0:a:0", "-ac", "2",
                 "-ar", MeterSampleRate.ToString(CultureInfo.InvariantCulture), "-f", "s16le", "-acodec", "pcm_s16le", "pipe:1"],
                meter, ct);
        }
        catch (Exception e) when (e is MediaProcessException or Storage.Recordings.RecordingStoreException)
        {
            // The score still counts what the row and transcript show; the audio signals are missing, said once here.
            _logger.LogWarning("Call {CallId}: the recording could not be decoded for loudness ({Reason}); shouting and cross-talk are not scored", callId, e.Message);
            return [];
        }

        meter.Complete();
        var windows = meter.Windows;
        var windowSeconds = _options.LoudnessWindowMs / 1000.0;
        var reasons = new List<SignalReason>();
        var loud = windows.Where(w => w.Left >= _options.ShoutDbfs).ToList();
        if (loud.Count * windowSeconds >= _options.ShoutSeconds)
        {
            reasons.Add(new SignalReason(SignalKinds.Shouting, _options.ShoutPoints, IncidentCategory.Abuse,
                $"{F(loud.Count * windowSeconds)} s ≥ {F(_options.ShoutDbfs)} dBFS (max {F(loud.Max(w => w.Left))} dBFS)"));
        }

        var speech = windows.Count(w => w.Left >= _options.ActiveDbfs || w.Right >= _options.ActiveDbfs);
        var both = windows.Count(w => w.Left >= _options.ActiveDbfs && w.Right >= _options.ActiveDbfs);
        if (speech * windowSeconds >= _options.CrossTalkMinSpeechSeconds && (double)both / speech >= _options.CrossTalkRatio)
        {
            reasons.Add(new SignalReason(SignalKinds.CrossTalk, _options.CrossTalkPoints, null,
                $"{F(100.0 * both / speech)} % ({F(both * windowSeconds)} s / {F(speech * windowSeconds)} s)"));
        }

        return reasons;
    }

    private async Task StoreAsync(CallSignals s, CancellationToken ct)
    {
        var row = new CallSignalRow
        {
            CallId = s.CallId,
            Score = s.Score,
            ReasonsJson = TextLimit.Clip(JsonSerializer.Serialize(s.Reasons), 8000)!,
            Categories = IncidentCategories.Format(s.Categories),
            WithTranscript = s.WithTranscript,
            AnalyzedAtMs = s.AnalyzedAtMs,
        };
        using var db = _db.Open();
        await db.InsertOrReplaceAsync(row, token: ct);
    }

    private async Task FlagAsync(CallRow call, CallSignals s, CancellationToken ct)
    {
        var reason = TextLimit.Clip($"自動検知 score {s.Score}: " + string.Join(", ", s.Reasons.Select(r => $"{r.Kind} {r.Detail}")), 1000);
        using (var db = _db.Open())
        {
            await db.Calls.Where(c => c.Id == call.Id && !c.ReviewFlag).Set(c => c.ReviewFlag, true).Set(c => c.ReviewFlagReason, reason).UpdateAsync(ct);
        }

        await _audit.WriteAsync(Actor, "call.flag", call.Id.ToString(), reason, null, ct);
    }

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
}
