using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Logging;
using RecAce.Core.Audit;
using RecAce.Data;
using RecAce.Data.Entities;

namespace RecAce.Core.Evidence;

/// <summary>Runs a verification, keeps its result for the admin and /healthz, and audits it.</summary>
public sealed class IntegrityRuns
{
    private readonly IntegrityVerifier _verifier;
    private readonly DatabaseFactory _db;
    private readonly AuditLog _audit;
    private readonly TimeProvider _time;
    private readonly ILogger<IntegrityRuns> _logger;

    public IntegrityRuns(IntegrityVerifier verifier, DatabaseFactory db, AuditLog audit, TimeProvider time, ILogger<IntegrityRuns> logger)
    {
        _verifier = verifier;
        _db = db;
        _audit = audit;
        _time = time;
        _logger = logger;
    }

    /// <param name="actor">Who asked: a user name, <c>system:schedule</c> or <c>cli</c>.</param>
    /// <param name="onlyCall">One call, or null for all.</param>
    public async Task<IntegrityReport> RunAsync(string actor, Guid? onlyCall, string? remoteAddress, CancellationToken ct)
    {
        var report = await _verifier.VerifyAsync(onlyCall, ct);
        var scope = onlyCall?.ToString() ?? "all";
        using (var db = _db.Open())
        {
            await db.InsertAsync(new IntegrityRunRow
            {
                AtMs = _time.GetUtcNow().ToUnixTimeMilliseconds(),
                Actor = TextLimit.Clip(actor, 256) ?? "",
                Scope = scope,
                Intact = report.Intact,
                CallsChecked = report.CallsChecked,
                EntriesChecked = report.EntriesChecked,
                Problems = report.Intact ? null : string.Join('\n', report.Problems),
                DurationMs = (long)report.Duration.TotalMilliseconds,
            }, token: ct);
        }

        var summary = report.Intact
            ? $"intact: {report.CallsChecked} calls, {report.EntriesChecked} chain entries"
            : $"TAMPERED: {report.Problems.Count} problems: {string.Join(" | ", report.Problems)}";
        await _audit.WriteAsync(actor, "integrity.verify", scope, summary, remoteAddress, ct);
        if (report.Intact) _logger.LogInformation("Integrity verification ({Scope}) {Summary}", scope, summary);
        else _logger.LogError("Integrity verification ({Scope}) found {Count} problems:\n{Problems}", scope, report.Problems.Count, string.Join('\n', report.Problems));
        return report;
    }

    /// <summary>The newest run, or null when none ran yet.</summary>
    public IntegrityRunRow? Last()
    {
        using var db = _db.Open();
        return db.IntegrityRuns.OrderByDescending(r => r.Id).FirstOrDefault();
    }

    public async Task<IReadOnlyList<IntegrityRunRow>> RecentAsync(int count, CancellationToken ct)
    {
        using var db = _db.Open();
        return await db.IntegrityRuns.OrderByDescending(r => r.Id).Take(count).ToListAsync(ct);
    }
}
