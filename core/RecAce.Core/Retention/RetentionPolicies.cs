using LinqToDB.Async;
using Microsoft.Extensions.Logging;
using RecAce.Data;
using RecAce.Data.Entities;

namespace RecAce.Core.Retention;

/// <summary>
/// Decides how long a call's recording is kept: the most specific matching policy (an outside number
/// beats a department, a department beats a line; an exact number beats a prefix, a longer prefix a
/// shorter one), else <see cref="RetentionOptions.Days"/>. Where two rules are equally specific the
/// longer period wins, since keeping evidence too long is recoverable and deleting it is not. A
/// period below <see cref="RetentionOptions.MinimumDays"/> is raised to it unless the rule was
/// explicitly allowed to go lower. Legal hold is not decided here: it overrides every period.
/// </summary>
public sealed class RetentionPolicies
{
    private readonly RecAceOptions _options;
    private readonly DatabaseFactory _db;
    private readonly ILogger<RetentionPolicies> _logger;

    public RetentionPolicies(RecAceOptions options, DatabaseFactory db, ILogger<RetentionPolicies> logger)
    {
        _options = options;
        _db = db;
        _logger = logger;
    }

    /// <summary>The rules and departments in force now: configuration plus the admin's.</summary>
    public async Task<RetentionRules> LoadAsync(CancellationToken ct)
    {
        List<RetentionPolicyRow> saved;
        List<DepartmentRow> departments;
        using (var db = _db.Open())
        {
            saved = await db.RetentionPolicies.ToListAsync(ct);
            departments = await db.Departments.ToListAsync(ct);
        }

        var rules = new List<RetentionRule>();
        foreach (var p in _options.Retention.Policies)
        {
            var kinds = new (RetentionRuleKind Kind, string? Match)[] { (RetentionRuleKind.Number, p.Number), (RetentionRuleKind.Department, p.Department), (RetentionRuleKind.Line, p.Line) }
                .Where(k => !string.IsNullOrWhiteSpace(k.Match)).ToList();
            if (kinds.Count != 1 || p.Days < 1)
            {
                _logger.LogError("RecAce:Retention:Policies: a policy needs exactly one of Number, Department or Line and Days >= 1; ignored ({Number}/{Department}/{Line}, {Days} days)", p.Number, p.Department, p.Line, p.Days);
                continue;
            }

            rules.Add(new RetentionRule(kinds[0].Kind, kinds[0].Match!.Trim(), p.Days, p.AllowBelowMinimum, "config"));
        }

        rules.AddRange(saved.Select(r => new RetentionRule(r.Kind, r.Match, r.Days, r.BelowFloorAllowed, "admin")));

        var byName = new Dictionary<string, ExtensionRanges>(StringComparer.Ordinal);
        foreach (var (name, extensions) in _options.Departments.Select(d => (d.Name, d.Extensions)).Concat(departments.Select(d => (d.Name, d.Extensions))))
        {
            if (ExtensionRanges.TryParse(extensions, out var error) is { } ranges && !string.IsNullOrWhiteSpace(name)) byName[name.Trim()] = ranges;
            else _logger.LogError("Department {Department}: {Error}; its calls fall under the other rules", name, error ?? "no name");
        }

        return new RetentionRules(rules, byName, _options.Retention);
    }

    /// <summary>The decision for one call, with its rules loaded for just this call.</summary>
    public async Task<RetentionDecision> DecideAsync(CallRow call, CancellationToken ct) => (await LoadAsync(ct)).Decide(call);
}

/// <summary>One rule, from configuration or the admin.</summary>
public sealed record RetentionRule(RetentionRuleKind Kind, string Match, int Days, bool BelowMinimumAllowed, string Source)
{
    public string Name => $"{Kind.ToString().ToLowerInvariant()} {Match}";
}

/// <summary>A snapshot of the rules and departments; decides for many calls without going back to the database.</summary>
public sealed class RetentionRules
{
    private readonly IReadOnlyList<RetentionRule> _rules;
    private readonly IReadOnlyDictionary<string, ExtensionRanges> _departments;
    private readonly RetentionOptions _options;

    public RetentionRules(IReadOnlyList<RetentionRule> rules, IReadOnlyDictionary<string, ExtensionRanges> departments, RetentionOptions options)
    {
        _rules = rules;
        _departments = departments;
        _options = options;
    }

    public IReadOnlyList<RetentionRule> Rules => _rules;

    public IReadOnlyDictionary<string, ExtensionRanges> Departments => _departments;

    /// <summary>The shortest period any rule (or the default) can give: no call younger than this is ever due.</summary>
    public int ShortestDays => _rules.Select(Effective).Append(Math.Max(1, _options.Days)).Min();

    /// <summary>The department of a staff extension, or null.</summary>
    public string? DepartmentOf(string? extension) =>
        _departments.Where(d => d.Value.Contains(extension)).Select(d => d.Key).OrderBy(n => n, StringComparer.Ordinal).FirstOrDefault();

    public RetentionDecision Decide(CallRow call)
    {
        var best = _rules
            .Select(r => (Rule: r, Rank: Specificity(r, call)))
            .Where(x => x.Rank > 0)
            .OrderByDescending(x => x.Rank).ThenByDescending(x => Effective(x.Rule))
            .Select(x => x.Rule).FirstOrDefault();
        var days = best is null ? Math.Max(1, _options.Days) : Effective(best);
        var name = best is null ? "default" : best.Name;
        return new RetentionDecision(name, days, DateTimeOffset.FromUnixTimeMilliseconds(call.StartedAtMs).AddDays(days), call.LegalHold);
    }

    private int Effective(RetentionRule r) => Math.Max(1, r.BelowMinimumAllowed ? r.Days : Math.Max(r.Days, _options.MinimumDays));

    /// <returns>0 when the rule does not match; higher is more specific.</returns>
    private int Specificity(RetentionRule r, CallRow call) => r.Kind switch
    {
        RetentionRuleKind.Number when call.OutsideNumber is { } n && r.Match.EndsWith('*') =>
            n.StartsWith(r.Match[..^1], StringComparison.Ordinal) ? 1000 + r.Match.Length : 0,
        RetentionRuleKind.Number => call.OutsideNumber == r.Match ? 2000 : 0,
        RetentionRuleKind.Department => _departments.TryGetValue(r.Match, out var ranges) && ranges.Contains(call.StaffExtension) ? 100 : 0,
        RetentionRuleKind.Line => string.Equals(call.AdapterId, r.Match, StringComparison.OrdinalIgnoreCase) ? 10 : 0,
        _ => 0,
    };
}
