using LinqToDB;
using LinqToDB.Async;
using RecAce.Data;
using RecAce.Data.Entities;

namespace RecAce.Core.Audit;

/// <summary>Reads the audit trail for the admin page and the CSV export. Read-only.</summary>
public sealed class AuditSearch
{
    private readonly DatabaseFactory _db;

    public AuditSearch(DatabaseFactory db) => _db = db;

    public async Task<(IReadOnlyList<AuditEventRow> Rows, int Total)> FindAsync(AuditFilter filter, int skip, int take, CancellationToken ct)
    {
        using var db = _db.Open();
        var q = Apply(db.AuditEvents, filter);
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(e => e.Id).Skip(skip).Take(take).ToListAsync(ct);
        return (rows, total);
    }

    /// <summary>Every matching row, oldest first, streamed for export.</summary>
    public async IAsyncEnumerable<AuditEventRow> AllAsync(AuditFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        using var db = _db.Open();
        await foreach (var row in Apply(db.AuditEvents, filter).OrderBy(e => e.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return row;
        }
    }

    private static IQueryable<AuditEventRow> Apply(IQueryable<AuditEventRow> q, AuditFilter f)
    {
        if (f.From is { } from) q = q.Where(e => e.AtMs >= from.ToUnixTimeMilliseconds());
        if (f.To is { } to) q = q.Where(e => e.AtMs < to.ToUnixTimeMilliseconds());
        // Any case, on both databases: SQLite's LIKE ignores ASCII case by itself, PostgreSQL's does not,
        // so both sides are lowered (the same ASCII folding SQLite's lower() does).
        if (!string.IsNullOrWhiteSpace(f.Actor))
        {
            var actor = f.Actor.Trim().ToLowerInvariant();
            q = q.Where(e => Sql.Lower(e.Actor)!.Contains(actor));
        }

        if (!string.IsNullOrWhiteSpace(f.Action))
        {
            var action = f.Action.Trim().ToLowerInvariant();
            q = q.Where(e => Sql.Lower(e.Action)!.StartsWith(action));
        }

        if (!string.IsNullOrWhiteSpace(f.Text))
        {
            var text = f.Text.Trim().ToLowerInvariant();
            q = q.Where(e => (e.Target != null && Sql.Lower(e.Target)!.Contains(text)) || (e.Detail != null && Sql.Lower(e.Detail)!.Contains(text)));
        }

        return q;
    }
}
