using LinqToDB;
using LinqToDB.Async;
using RecAce.Core.Audit;
using RecAce.Data;
using RecAce.Data.Entities;
using RecAce.Web.Api;

namespace RecAce.Web.Review;

/// <summary>Reads and changes a call's review state. Every change is audited with who, what and from where.</summary>
public sealed class CallReviewStore
{
    public const int MaxTagLength = 64;
    public const int MaxTextLength = 1000;
    private readonly DatabaseFactory _db;
    private readonly AuditLog _audit;
    private readonly CallQueries _queries;
    private readonly TimeProvider _time;

    public CallReviewStore(DatabaseFactory db, AuditLog audit, CallQueries queries, TimeProvider time)
    {
        _db = db;
        _audit = audit;
        _queries = queries;
        _time = time;
    }

    public async Task<CallReview?> GetAsync(Guid id, CancellationToken ct)
    {
        using var db = _db.Open();
        var call = await db.Calls.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (call is null) return null;
        var tags = await db.CallTags.Where(t => t.CallId == id).OrderBy(t => t.Tag).Select(t => t.Tag).ToListAsync(ct);
        var notes = await db.CallNotes.Where(n => n.CallId == id).OrderBy(n => n.Id).ToListAsync(ct);
        return new CallReview(id, tags, notes.Select(n => new CallNote(n.Author, _queries.ToLocal(n.AtMs), n.Text)).ToList(),
            call.ReviewFlag, call.ReviewFlagReason, call.LegalHold, call.LegalHoldReason, call.LegalHoldBy,
            call.LegalHoldAtMs is { } at ? _queries.ToLocal(at) : null, call.LegalHoldUntilMs is { } until ? _queries.ToLocal(until) : null);
    }

    public async Task AddTagAsync(Guid id, string tag, string actor, string? remote, CancellationToken ct)
    {
        tag = Clip(tag.Trim(), MaxTagLength);
        if (tag.Length == 0) return;
        using (var db = _db.Open())
        {
            if (await db.CallTags.AnyAsync(t => t.CallId == id && t.Tag == tag, ct)) return;
            await db.InsertAsync(new CallTagRow { CallId = id, Tag = tag, AddedBy = actor, AddedAtMs = Now() }, token: ct);
        }

        await _audit.WriteAsync(actor, "call.tag", id.ToString(), tag, remote, ct);
    }

    public async Task RemoveTagAsync(Guid id, string tag, string actor, string? remote, CancellationToken ct)
    {
        using (var db = _db.Open())
        {
            if (await db.CallTags.Where(t => t.CallId == id && t.Tag == tag).DeleteAsync(ct) == 0) return;
        }

        await _audit.WriteAsync(actor, "call.untag", id.ToString(), tag, remote, ct);
    }

    public async Task AddNoteAsync(Guid id, string text, string actor, string? remote, CancellationToken ct)
    {
        text = Clip(text.Trim(), MaxTextLength);
        if (text.Length == 0) return;
        using (var db = _db.Open())
        {
            await db.InsertAsync(new CallNoteRow { CallId = id, Author = actor, AtMs = Now(), Text = text }, token: ct);
        }

        await _audit.WriteAsync(actor, "call.note", id.ToString(), text, remote, ct);
    }

    public async Task SetFlagAsync(Guid id, bool flagged, string? reason, string actor, string? remote, CancellationToken ct)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : Clip(reason.Trim(), MaxTextLength);
        using (var db = _db.Open())
        {
            await db.Calls.Where(c => c.Id == id).Set(c => c.ReviewFlag, flagged).Set(c => c.ReviewFlagReason, flagged ? reason : null).UpdateAsync(ct);
        }

        await _audit.WriteAsync(actor, flagged ? "call.flag" : "call.unflag", id.ToString(), reason, remote, ct);
    }

    /// <summary>Places (with a reason, required) or releases a legal hold. A held call is never deleted by retention.</summary>
    public async Task<bool> SetLegalHoldAsync(Guid id, bool hold, string? reason, DateTimeOffset? until, string actor, string? remote, CancellationToken ct)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : Clip(reason.Trim(), MaxTextLength);
        if (hold && reason is null) return false;
        using (var db = _db.Open())
        {
            await db.Calls.Where(c => c.Id == id)
                .Set(c => c.LegalHold, hold)
                .Set(c => c.LegalHoldReason, hold ? reason : null)
                .Set(c => c.LegalHoldBy, hold ? actor : null)
                .Set(c => c.LegalHoldAtMs, hold ? Now() : null)
                .Set(c => c.LegalHoldUntilMs, hold ? until?.ToUnixTimeMilliseconds() : null)
                .UpdateAsync(ct);
        }

        await _audit.WriteAsync(actor, hold ? "call.legal-hold" : "call.legal-hold-release", id.ToString(),
            hold ? $"{reason}{(until is null ? "" : "; until " + until.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))}" : null, remote, ct);
        return true;
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static string Clip(string v, int max) => v.Length <= max ? v : v[..max];
}
