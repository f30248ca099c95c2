using LinqToDB;
using LinqToDB.Async;
using RecAce.Core;
using RecAce.Core.Transcription.Search;
using RecAce.Data;
using RecAce.Data.Entities;
using RecAce.Plugins;

namespace RecAce.Web.Api;

/// <summary>Reads calls for the API and the admin. Read-only.</summary>
public sealed class CallQueries
{
    private readonly DatabaseFactory _db;

    public CallQueries(DatabaseFactory db, RecAceOptions options)
    {
        _db = db;
        Zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
    }

    public TimeZoneInfo Zone { get; }

    public async Task<CallPage> ListAsync(CallQuery q, CancellationToken ct)
    {
        var page = Math.Max(1, q.Page);
        var size = Math.Clamp(q.PageSize, 1, CallQuery.MaxPageSize);
        using var db = _db.Open();
        var calls = db.Calls.Where(c => c.Status != CallStatus.Deleted);
        if (q.From is { } from) calls = calls.Where(c => c.StartedAtMs >= from.ToUnixTimeMilliseconds());
        if (q.To is { } to) calls = calls.Where(c => c.StartedAtMs < to.ToUnixTimeMilliseconds());
        if (!string.IsNullOrWhiteSpace(q.Number)) calls = calls.Where(c => c.OutsideNumber != null && c.OutsideNumber.Contains(q.Number.Trim()));
        if (!string.IsNullOrWhiteSpace(q.Extension)) calls = calls.Where(c => c.StaffExtension == q.Extension.Trim());
        if (q.StaffExtensions is { } own) calls = calls.Where(c => c.StaffExtension != null && own.Contains(c.StaffExtension));
        var text = q.Text?.Trim();
        List<CallRow> rows;
        int total;
        var totalIsLowerBound = false;
        if (!string.IsNullOrEmpty(text))
        {
            var found = await CallTextSearch.PageAsync(db, calls, text, (page - 1) * size, size, ct);
            (rows, total, totalIsLowerBound) = (found.Rows.ToList(), found.Total, found.TotalIsLowerBound);
        }
        else
        {
            // Without any filter the total is the trigger-kept count: counting a million rows per page is too slow.
            var unfiltered = q with { Page = 1, PageSize = CallQuery.DefaultPageSize } == new CallQuery();
            total = unfiltered ? (int)await db.CallListCount.Where(x => x.Id == 1).Select(x => x.Count).FirstOrDefaultAsync(ct) : await calls.CountAsync(ct);
            rows = await calls.OrderByDescending(c => c.StartedAtMs).ThenBy(c => c.Id).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        }

        var ids = rows.Select(r => r.Id).ToList();
        var states = await db.Transcriptions.Where(t => ids.Contains(t.CallId)).ToDictionaryAsync(t => t.CallId, t => t.Status, ct);
        var hits = new Dictionary<Guid, TranscriptMatchDto>();
        if (!string.IsNullOrEmpty(text))
        {
            var segments = await db.TranscriptSegments.Where(s => ids.Contains(s.CallId)).ToListAsync(ct);
            foreach (var g in segments.GroupBy(s => s.CallId))
            {
                if (TranscriptSearch.FirstHit(g, text) is { } h) hits[g.Key] = new TranscriptMatchDto(h.SegmentId, h.Speaker.ToString(), h.StartMs / 1000.0, h.SnippetHtml);
            }
        }

        return new CallPage(rows.Select(r => ToDto(r, null, null) with
        {
            Transcription = states.TryGetValue(r.Id, out var st) ? st.ToString() : null,
            Match = hits.GetValueOrDefault(r.Id),
        }).ToList(), page, size, total, totalIsLowerBound);
    }

    public async Task<CallDto?> GetAsync(Guid id, CancellationToken ct)
    {
        using var db = _db.Open();
        var row = await db.Calls.FirstOrDefaultAsync(c => c.Id == id && c.Status != CallStatus.Deleted, ct);
        if (row is null) return null;
        var legs = await db.Legs.Where(l => l.CallId == id).OrderBy(l => l.Id).ToListAsync(ct);
        var recording = await db.Recordings.FirstOrDefaultAsync(r => r.CallId == id, ct);
        var dtmf = await db.DtmfEvents.Where(d => d.CallId == id).OrderBy(d => d.AtMs).ToListAsync(ct);
        var transcription = await db.Transcriptions.FirstOrDefaultAsync(t => t.CallId == id, ct);
        return ToDto(row, legs, recording) with
        {
            Transcription = transcription?.Status.ToString(),
            Dtmf = dtmf.Select(d => new DtmfDto(d.LegId, d.Digit, ToLocal(d.AtMs), d.DurationMs)).ToList(),
        };
    }

    /// <summary>The sealed recording's row, or null when the call has none. Its key comes from the database, never from the request.</summary>
    public async Task<RecordingRow?> GetRecordingAsync(Guid id, CancellationToken ct)
    {
        using var db = _db.Open();
        var recording = await (from r in db.Recordings
                               join c in db.Calls on r.CallId equals c.Id
                               where r.CallId == id && c.Status == CallStatus.Finalized
                               select r).FirstOrDefaultAsync(ct);
        return recording;
    }

    public DateTimeOffset ToLocal(long unixMs) => TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(unixMs), Zone);

    private CallDto ToDto(CallRow r, List<LegRow>? legs, RecordingRow? rec) => new(
        r.Id,
        ToLocal(r.StartedAtMs),
        r.EndedAtMs is { } e ? ToLocal(e) : null,
        r.DurationMs is { } d ? d / 1000.0 : null,
        ((CallDirection)r.Direction).ToString(),
        r.OutsideNumber,
        r.OutsideName,
        r.StaffExtension,
        r.StaffName,
        r.AdapterId,
        r.AdapterCallId,
        r.Status.ToString(),
        r.Recovered,
        r.Error,
        r.LegalHold,
        legs?.Select(l => new LegDto(l.LegId, ((LegRole)l.Role).ToString(), l.Label, l.SampleRate, l.SampleRate == 0 ? 0 : l.Samples / (double)l.SampleRate, l.Packets, l.Lost, l.Late, l.Duplicate, l.Malformed)).ToList(),
        rec is null ? null : new RecordingDto(rec.Format, rec.Sha256, rec.SizeBytes, rec.DurationMs / 1000.0, rec.Channels, ToLocal(rec.SealedAtMs)));
}
