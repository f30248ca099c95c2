using LinqToDB;
using LinqToDB.Async;
using RecAce.Core.Audit;
using RecAce.Data;
using RecAce.Data.Entities;

namespace RecAce.Core.Harassment;

/// <summary>Opens, changes and reads incidents. Every change is audited with who, what and from where.</summary>
public sealed class IncidentStore
{
    public const int MaxTextLength = 4000;
    private readonly DatabaseFactory _db;
    private readonly AuditLog _audit;
    private readonly TimeProvider _time;

    public IncidentStore(DatabaseFactory db, AuditLog audit, TimeProvider time)
    {
        _db = db;
        _audit = audit;
        _time = time;
    }

    /// <summary>Opens an incident on a call; the call is its first linked call.</summary>
    /// <returns>The new incident's id, or null when the call does not exist.</returns>
    /// <exception cref="ArgumentException">No category given.</exception>
    public async Task<Guid?> CreateAsync(Guid callId, IReadOnlyCollection<IncidentCategory> categories, string? summary, string actor, string? remote, CancellationToken ct)
    {
        if (categories.Count == 0) throw new ArgumentException("Choose at least one category.", nameof(categories));
        var id = Guid.CreateVersion7();
        var now = Now();
        var text = Clip(summary);
        using (var db = _db.Open())
        {
            var call = await db.Calls.Where(c => c.Id == callId).Select(c => new { c.OutsideNumber, c.StaffExtension, c.StartedAtMs }).FirstOrDefaultAsync(ct);
            if (call is null) return null;
            using var tx = await db.BeginTransactionAsync(ct);
            await db.InsertAsync(new IncidentRow
            {
                Id = id, CallId = callId, Categories = IncidentCategories.Format(categories), Status = (int)IncidentStatus.Open,
                Summary = text, OutsideNumber = call.OutsideNumber, StaffExtension = call.StaffExtension, OccurredAtMs = call.StartedAtMs,
                CreatedBy = actor, CreatedAtMs = now, UpdatedAtMs = now,
            }, token: ct);
            await db.InsertAsync(new IncidentCallRow { IncidentId = id, CallId = callId, LinkedBy = actor, LinkedAtMs = now }, token: ct);
            await tx.CommitAsync(ct);
        }

        await _audit.WriteAsync(actor, "incident.create", id.ToString(), $"call {callId}; {IncidentCategories.Format(categories)}; {text}", remote, ct);
        return id;
    }

    /// <summary>Moves an incident along the workflow.</summary>
    /// <exception cref="InvalidIncidentTransitionException">A step the workflow does not allow.</exception>
    /// <exception cref="ArgumentException">Escalated without saying to whom.</exception>
    /// <returns>False when the incident does not exist.</returns>
    public async Task<bool> MoveAsync(Guid id, IncidentStatus to, EscalationTarget? target, string actor, string? remote, CancellationToken ct)
    {
        if (to == IncidentStatus.Escalated && target is null) throw new ArgumentException("Say whether the incident goes to a lawyer or the police.", nameof(target));
        IncidentStatus from;
        using (var db = _db.Open())
        {
            using var tx = await db.BeginTransactionAsync(ct);
            var row = await db.Incidents.FirstOrDefaultAsync(i => i.Id == id, ct);
            if (row is null) return false;
            from = (IncidentStatus)row.Status;
            if (!IncidentWorkflow.CanMove(from, to)) throw new InvalidIncidentTransitionException(from, to);
            await db.Incidents.Where(i => i.Id == id && i.Status == (int)from)
                .Set(i => i.Status, (int)to)
                .Set(i => i.EscalatedTo, to == IncidentStatus.Escalated ? (int?)target : row.EscalatedTo)
                .Set(i => i.UpdatedAtMs, Now())
                .UpdateAsync(ct);
            await tx.CommitAsync(ct);
        }

        await _audit.WriteAsync(actor, "incident.status", id.ToString(), $"{from} -> {to}{(to == IncidentStatus.Escalated ? " (" + target + ")" : "")}", remote, ct);
        return true;
    }

    /// <summary>Changes the categories and summary of an incident that is not closed.</summary>
    /// <returns>False when the incident does not exist.</returns>
    public async Task<bool> EditAsync(Guid id, IReadOnlyCollection<IncidentCategory> categories, string? summary, string actor, string? remote, CancellationToken ct)
    {
        if (categories.Count == 0) throw new ArgumentException("Choose at least one category.", nameof(categories));
        var text = Clip(summary);
        using (var db = _db.Open())
        {
            var row = await db.Incidents.FirstOrDefaultAsync(i => i.Id == id, ct);
            if (row is null) return false;
            if (row.Status == (int)IncidentStatus.Closed) throw new InvalidOperationException("A closed incident cannot be edited; add a note or open a new incident.");
            await db.Incidents.Where(i => i.Id == id).Set(i => i.Categories, IncidentCategories.Format(categories)).Set(i => i.Summary, text).Set(i => i.UpdatedAtMs, Now()).UpdateAsync(ct);
        }

        await _audit.WriteAsync(actor, "incident.edit", id.ToString(), $"{IncidentCategories.Format(categories)}; {text}", remote, ct);
        return true;
    }

    /// <returns>False when the incident does not exist or the note is empty.</returns>
    public async Task<bool> AddNoteAsync(Guid id, string? text, string actor, string? remote, CancellationToken ct)
    {
        var note = Clip(text);
        if (note.Length == 0) return false;
        using (var db = _db.Open())
        {
            if (!await db.Incidents.AnyAsync(i => i.Id == id, ct)) return false;
            await db.InsertAsync(new IncidentNoteRow { IncidentId = id, Author = actor, AtMs = Now(), Text = note }, token: ct);
        }

        await _audit.WriteAsync(actor, "incident.note", id.ToString(), note, remote, ct);
        return true;
    }

    /// <returns>False when the incident or the call does not exist.</returns>
    public async Task<bool> LinkCallAsync(Guid id, Guid callId, string actor, string? remote, CancellationToken ct)
    {
        using (var db = _db.Open())
        {
            if (!await db.Incidents.AnyAsync(i => i.Id == id, ct) || !await db.Calls.AnyAsync(c => c.Id == callId, ct)) return false;
            if (await db.IncidentCalls.AnyAsync(l => l.IncidentId == id && l.CallId == callId, ct)) return true;
            await db.InsertAsync(new IncidentCallRow { IncidentId = id, CallId = callId, LinkedBy = actor, LinkedAtMs = Now() }, token: ct);
        }

        await _audit.WriteAsync(actor, "incident.link", id.ToString(), $"call {callId}", remote, ct);
        return true;
    }

    /// <summary>Unlinks a call; the call the incident was opened from stays linked.</summary>
    public async Task<bool> UnlinkCallAsync(Guid id, Guid callId, string actor, string? remote, CancellationToken ct)
    {
        using (var db = _db.Open())
        {
            if (await db.Incidents.AnyAsync(i => i.Id == id && i.CallId == callId, ct)) return false;
            if (await db.IncidentCalls.Where(l => l.IncidentId == id && l.CallId == callId).DeleteAsync(ct) == 0) return false;
        }

        await _audit.WriteAsync(actor, "incident.unlink", id.ToString(), $"call {callId}", remote, ct);
        return true;
    }

    public async Task<IncidentDetail?> GetAsync(Guid id, CancellationToken ct)
    {
        using var db = _db.Open();
        var row = await db.Incidents.FirstOrDefaultAsync(i => i.Id == id, ct);
        if (row is null) return null;
        var notes = await db.IncidentNotes.Where(n => n.IncidentId == id).OrderBy(n => n.Id).ToListAsync(ct);
        var calls = await (from l in db.IncidentCalls
                           join c in db.Calls on l.CallId equals c.Id
                           where l.IncidentId == id
                           orderby c.StartedAtMs
                           select new LinkedCall(c.Id, c.StartedAtMs, c.DurationMs, c.OutsideNumber, c.StaffExtension, l.LinkedBy, l.LinkedAtMs)).ToListAsync(ct);
        return new IncidentDetail(row, notes, calls);
    }

    /// <summary>Incidents newest first, filtered; with the total that match.</summary>
    public async Task<(IReadOnlyList<IncidentRow> Rows, int Total)> ListAsync(IncidentFilter filter, int skip, int take, CancellationToken ct)
    {
        using var db = _db.Open();
        var q = db.Incidents.AsQueryable();
        if (filter.Status is { } s) q = q.Where(i => i.Status == (int)s);
        if (filter.Number is { Length: > 0 } n) q = q.Where(i => i.OutsideNumber == n);
        if (filter.FromMs is { } from) q = q.Where(i => i.OccurredAtMs >= from);
        if (filter.ToMs is { } to) q = q.Where(i => i.OccurredAtMs < to);
        if (filter.CallId is { } call) q = q.Where(i => db.IncidentCalls.Any(l => l.IncidentId == i.Id && l.CallId == call));
        if (filter.Category is { } cat)
        {
            // Stored as sorted comma-separated codes: match the code as a whole item.
            var code = ((int)cat).ToString(System.Globalization.CultureInfo.InvariantCulture);
            q = q.Where(i => ("," + i.Categories + ",").Contains("," + code + ","));
        }

        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(i => i.OccurredAtMs).ThenByDescending(i => i.CreatedAtMs).Skip(skip).Take(take).ToListAsync(ct);
        return (rows, total);
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static string Clip(string? v) => TextLimit.Clip(v?.Trim(), MaxTextLength) ?? "";
}

/// <summary>An incident with its notes and linked calls.</summary>
public sealed record IncidentDetail(IncidentRow Incident, IReadOnlyList<IncidentNoteRow> Notes, IReadOnlyList<LinkedCall> Calls)
{
    public IncidentStatus Status => (IncidentStatus)Incident.Status;
    public IReadOnlyList<IncidentCategory> Categories => IncidentCategories.ParseStored(Incident.Categories);
    public EscalationTarget? EscalatedTo => Incident.EscalatedTo is { } t ? (EscalationTarget)t : null;
}

/// <summary>A call linked to an incident.</summary>
public sealed record LinkedCall(Guid CallId, long StartedAtMs, long? DurationMs, string? OutsideNumber, string? StaffExtension, string LinkedBy, long LinkedAtMs);

/// <summary>What the incident list is narrowed to; null means any.</summary>
public sealed record IncidentFilter
{
    public IncidentStatus? Status { get; init; }
    public IncidentCategory? Category { get; init; }
    public string? Number { get; init; }
    public Guid? CallId { get; init; }
    public long? FromMs { get; init; }
    public long? ToMs { get; init; }
}
