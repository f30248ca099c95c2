using LinqToDB;
using LinqToDB.Async;
using RecAce.Core;
using RecAce.Core.Audit;
using RecAce.Core.Retention;
using RecAce.Data;
using RecAce.Data.Entities;

namespace RecAce.Web.Retention;

/// <summary>The admin's retention policies and departments. Every change is audited with who, what and from where.</summary>
public sealed class RetentionPolicyStore
{
    public const int MaxMatchLength = 128;
    public const int MaxDays = 36_500;
    private readonly DatabaseFactory _db;
    private readonly AuditLog _audit;
    private readonly RecAceOptions _options;
    private readonly TimeProvider _time;

    public RetentionPolicyStore(DatabaseFactory db, AuditLog audit, RecAceOptions options, TimeProvider time)
    {
        _db = db;
        _audit = audit;
        _options = options;
        _time = time;
    }

    public async Task<IReadOnlyList<RetentionPolicyRow>> PoliciesAsync(CancellationToken ct)
    {
        using var db = _db.Open();
        return await db.RetentionPolicies.OrderBy(p => p.Kind).ThenBy(p => p.Match).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<DepartmentRow>> DepartmentsAsync(CancellationToken ct)
    {
        using var db = _db.Open();
        return await db.Departments.OrderBy(d => d.Name).ToListAsync(ct);
    }

    /// <summary>Adds or replaces the policy for one kind and match.</summary>
    /// <param name="allowBelowFloor">The administrator ticked the explicit confirmation for a period under the floor.</param>
    /// <returns>An error message (a resource key), or null when saved.</returns>
    public async Task<string?> SavePolicyAsync(RetentionRuleKind kind, string? match, int days, bool allowBelowFloor, string? note, string actor, string? remote, CancellationToken ct)
    {
        match = match?.Trim() ?? "";
        if (!Enum.IsDefined(kind)) return "Unknown kind.";
        if (match.Length is 0 or > MaxMatchLength) return "The match must be 1 to 128 characters.";
        if (days is < 1 or > MaxDays) return "Days must be 1 to 36500.";
        if (days < _options.Retention.MinimumDays && !allowBelowFloor)
        {
            return "The period is shorter than the minimum; confirm explicitly to allow it.";
        }

        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim()[..Math.Min(note.Trim().Length, 1000)];
        var below = days < _options.Retention.MinimumDays;
        using (var db = _db.Open())
        {
            await db.RetentionPolicies.Where(p => p.Kind == kind && p.Match == match).DeleteAsync(ct);
            await db.InsertAsync(new RetentionPolicyRow
            {
                Kind = kind, Match = match, Days = days, BelowFloorAllowed = below, Note = note,
                UpdatedBy = actor, UpdatedAtMs = _time.GetUtcNow().ToUnixTimeMilliseconds(),
            }, token: ct);
        }

        await _audit.WriteAsync(actor, "retention.policy.save", $"{kind.ToString().ToLowerInvariant()} {match}",
            $"{days} days{(below ? $"; below the minimum of {_options.Retention.MinimumDays} days, explicitly allowed" : "")}{(note is null ? "" : "; " + note)}", remote, ct);
        return null;
    }

    public async Task DeletePolicyAsync(long id, string actor, string? remote, CancellationToken ct)
    {
        RetentionPolicyRow? row;
        using (var db = _db.Open())
        {
            row = await db.RetentionPolicies.FirstOrDefaultAsync(p => p.Id == id, ct);
            if (row is null) return;
            await db.RetentionPolicies.Where(p => p.Id == id).DeleteAsync(ct);
        }

        await _audit.WriteAsync(actor, "retention.policy.delete", $"{row.Kind.ToString().ToLowerInvariant()} {row.Match}", $"was {row.Days} days", remote, ct);
    }

    /// <returns>An error message (a resource key), or null when saved.</returns>
    public async Task<string?> SaveDepartmentAsync(string? name, string? extensions, string actor, string? remote, CancellationToken ct)
    {
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > MaxMatchLength) return "The name must be 1 to 128 characters.";
        if (ExtensionRanges.TryParse(extensions, out _) is not { } ranges) return "Extensions must be like 200-249, 301.";
        using (var db = _db.Open())
        {
            await db.InsertOrReplaceAsync(new DepartmentRow { Name = name, Extensions = ranges.ToString(), UpdatedBy = actor, UpdatedAtMs = _time.GetUtcNow().ToUnixTimeMilliseconds() }, token: ct);
        }

        await _audit.WriteAsync(actor, "department.save", name, ranges.ToString(), remote, ct);
        return null;
    }

    public async Task DeleteDepartmentAsync(string name, string actor, string? remote, CancellationToken ct)
    {
        using (var db = _db.Open())
        {
            if (await db.Departments.Where(d => d.Name == name).DeleteAsync(ct) == 0) return;
        }

        await _audit.WriteAsync(actor, "department.delete", name, null, remote, ct);
    }
}
