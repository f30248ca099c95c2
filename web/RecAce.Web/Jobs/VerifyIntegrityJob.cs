using Quartz;
using RecAce.Core.Evidence;

namespace RecAce.Web.Jobs;

/// <summary>Verifies every call against the integrity chain: on a schedule, and when an admin or auditor asks.</summary>
[DisallowConcurrentExecution]
internal sealed class VerifyIntegrityJob : IJob
{
    public static readonly JobKey Key = new("verify-integrity", "recace");
    public const string ActorKey = "actor";
    private readonly IntegrityRuns _runs;

    public VerifyIntegrityJob(IntegrityRuns runs) => _runs = runs;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var actor = context.MergedJobDataMap.TryGetString(ActorKey, out var who) && who is { Length: > 0 } ? who : "system:schedule";
        await _runs.RunAsync(actor, null, null, cancellationToken);
    }
}
