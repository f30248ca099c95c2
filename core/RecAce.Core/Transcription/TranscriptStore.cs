using LinqToDB;
using LinqToDB.Async;
using RecAce.Data;
using RecAce.Data.Entities;

namespace RecAce.Core.Transcription;

/// <summary>Transcription state and segments. Whisper's text is never overwritten; corrections go beside it.</summary>
public sealed class TranscriptStore
{
    private readonly DatabaseFactory _db;
    private readonly TimeProvider _time;

    public TranscriptStore(DatabaseFactory db, TimeProvider time)
    {
        _db = db;
        _time = time;
    }

    public async Task SetStatusAsync(Guid callId, TranscriptionStatus status, string? error, CancellationToken ct)
    {
        using var db = _db.Open();
        var now = Now;
        await db.Transcriptions.InsertOrUpdateAsync(
            () => new TranscriptionRow { CallId = callId, Status = status, Error = error, UpdatedAtMs = now },
            r => new TranscriptionRow { Status = status, Error = error, UpdatedAtMs = now },
            ct);
    }

    /// <returns>The number of failed attempts so far, this one included.</returns>
    public async Task<int> MarkFailedAsync(Guid callId, string error, CancellationToken ct)
    {
        using var db = _db.Open();
        var now = Now;
        var clipped = error.Length > 4000 ? error[..4000] : error;
        await db.Transcriptions.InsertOrUpdateAsync(
            () => new TranscriptionRow { CallId = callId, Status = TranscriptionStatus.Failed, Error = clipped, Attempts = 1, UpdatedAtMs = now },
            r => new TranscriptionRow { Status = TranscriptionStatus.Failed, Error = clipped, Attempts = r.Attempts + 1, UpdatedAtMs = now },
            ct);
        return await db.Transcriptions.Where(r => r.CallId == callId).Select(r => r.Attempts).FirstAsync(ct);
    }

    /// <summary>Replaces the call's segments and marks it done, in one transaction (the index follows by trigger).</summary>
    public async Task SaveAsync(Guid callId, IReadOnlyList<TranscriptSegment> segments, string model, string language, TimeSpan audio, TimeSpan speech, CancellationToken ct)
    {
        using var db = _db.Open();
        using var tx = await db.BeginTransactionAsync(ct);
        await db.TranscriptSegments.Where(s => s.CallId == callId).DeleteAsync(ct);
        foreach (var s in segments)
        {
            await db.InsertAsync(new TranscriptSegmentRow
            {
                CallId = callId,
                Speaker = (int)s.Speaker,
                StartMs = (long)s.Start.TotalMilliseconds,
                EndMs = (long)s.End.TotalMilliseconds,
                Text = s.Text,
            }, token: ct);
        }

        var now = Now;
        // Converted here, not inside the expression: linq2db would type the parameter by the double it
        // casts from, which PostgreSQL then refuses for a bigint column.
        var audioMs = (long)audio.TotalMilliseconds;
        var speechMs = (long)speech.TotalMilliseconds;
        await db.Transcriptions.InsertOrUpdateAsync(
            () => new TranscriptionRow { CallId = callId, Status = TranscriptionStatus.Done, Model = model, Language = language, AudioMs = audioMs, SpeechMs = speechMs, UpdatedAtMs = now },
            r => new TranscriptionRow { Status = TranscriptionStatus.Done, Error = null, Model = model, Language = language, AudioMs = audioMs, SpeechMs = speechMs, UpdatedAtMs = now },
            ct);
        await tx.CommitAsync(ct);
    }

    public async Task<TranscriptionRow?> GetStatusAsync(Guid callId, CancellationToken ct)
    {
        using var db = _db.Open();
        return await db.Transcriptions.FirstOrDefaultAsync(r => r.CallId == callId, ct);
    }

    public async Task<IReadOnlyList<TranscriptSegmentRow>> GetSegmentsAsync(Guid callId, CancellationToken ct)
    {
        using var db = _db.Open();
        return await db.TranscriptSegments.Where(s => s.CallId == callId).OrderBy(s => s.StartMs).ThenBy(s => s.Speaker).ThenBy(s => s.Id).ToListAsync(ct);
    }

    /// <summary>Stores a supervisor's correction beside the original text.</summary>
    /// <returns>The text in force before, or null when the segment is not in that call.</returns>
    public async Task<string?> CorrectAsync(Guid callId, long segmentId, string text, string actor, CancellationToken ct)
    {
        using var db = _db.Open();
        var row = await db.TranscriptSegments.FirstOrDefaultAsync(s => s.Id == segmentId && s.CallId == callId, ct);
        if (row is null) return null;
        var before = row.CorrectedText ?? row.Text;
        // Setting the original back removes the correction instead of storing a copy of it.
        var corrected = string.Equals(text, row.Text, StringComparison.Ordinal) ? null : text;
        await db.TranscriptSegments.Where(s => s.Id == segmentId)
            .Set(s => s.CorrectedText, corrected)
            .Set(s => s.CorrectedBy, corrected is null ? null : actor)
            .Set(s => s.CorrectedAtMs, corrected is null ? null : Now)
            .UpdateAsync(ct);
        return before;
    }

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
