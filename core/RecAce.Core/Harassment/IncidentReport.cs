using LinqToDB;
using LinqToDB.Async;
using RecAce.Data;

namespace RecAce.Core.Harassment;

/// <summary>
/// Monthly incident counts by category and by department (of the staff extension). An incident
/// with two categories counts once under each; by department it counts once. Months are local (JST).
/// </summary>
public sealed class IncidentReport
{
    /// <summary>The department shown for an extension no department lists.</summary>
    public const string UnknownDepartment = "(未設定)";

    private readonly DatabaseFactory _db;
    private readonly Retention.RetentionPolicies _departments;
    private readonly TimeZoneInfo _zone;

    /// <param name="departments">The one list of departments (configuration and the Retention page), shared with retention.</param>
    public IncidentReport(DatabaseFactory db, Retention.RetentionPolicies departments, RecAceOptions options)
    {
        _db = db;
        _departments = departments;
        _zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
    }

    /// <summary>The months from <paramref name="fromMonth"/> to <paramref name="toMonth"/> (inclusive, first days).</summary>
    public async Task<IncidentMonthlyCounts> MonthlyAsync(DateOnly fromMonth, DateOnly toMonth, CancellationToken ct)
    {
        fromMonth = new DateOnly(fromMonth.Year, fromMonth.Month, 1);
        toMonth = new DateOnly(toMonth.Year, toMonth.Month, 1);
        if (toMonth < fromMonth) (fromMonth, toMonth) = (toMonth, fromMonth);
        var fromMs = StartMs(fromMonth);
        var toMs = StartMs(toMonth.AddMonths(1));
        using var db = _db.Open();
        var rows = await db.Incidents.Where(i => i.OccurredAtMs >= fromMs && i.OccurredAtMs < toMs)
            .Select(i => new { i.OccurredAtMs, i.Categories, i.StaffExtension }).ToListAsync(ct);
        var rules = await _departments.LoadAsync(ct);
        var months = new List<DateOnly>();
        for (var m = fromMonth; m <= toMonth; m = m.AddMonths(1)) months.Add(m);
        var byCategory = new Dictionary<(DateOnly, IncidentCategory), int>();
        var byDepartment = new Dictionary<(DateOnly, string), int>();
        foreach (var r in rows)
        {
            var local = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(r.OccurredAtMs), _zone);
            var month = new DateOnly(local.Year, local.Month, 1);
            foreach (var c in IncidentCategories.ParseStored(r.Categories)) byCategory[(month, c)] = byCategory.GetValueOrDefault((month, c)) + 1;
            var dept = rules.DepartmentOf(r.StaffExtension) ?? UnknownDepartment;
            byDepartment[(month, dept)] = byDepartment.GetValueOrDefault((month, dept)) + 1;
        }

        return new IncidentMonthlyCounts(months, byCategory, byDepartment, rows.Count);
    }

    private long StartMs(DateOnly month)
    {
        var local = month.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, _zone.GetUtcOffset(local)).ToUnixTimeMilliseconds();
    }
}

/// <summary>Counts per (month, category) and (month, department); missing keys are zero.</summary>
public sealed record IncidentMonthlyCounts(
    IReadOnlyList<DateOnly> Months,
    IReadOnlyDictionary<(DateOnly Month, IncidentCategory Category), int> ByCategory,
    IReadOnlyDictionary<(DateOnly Month, string Department), int> ByDepartment,
    int Incidents)
{
    public IReadOnlyList<string> Departments => ByDepartment.Keys.Select(k => k.Department).Distinct().Order(StringComparer.Ordinal).ToList();

    public int Category(DateOnly month, IncidentCategory c) => ByCategory.GetValueOrDefault((month, c));

    public int Department(DateOnly month, string d) => ByDepartment.GetValueOrDefault((month, d));

    public int CategoryTotal(IncidentCategory c) => ByCategory.Where(kv => kv.Key.Category == c).Sum(kv => kv.Value);
}
