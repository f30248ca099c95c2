using Quartz;
using RecAce.Core.Evidence;

namespace RecAce.Web.Jobs;

/// <summary>Signs the integrity chain's head when it moved since the last checkpoint.</summary>
[DisallowConcurrentExecution]
internal sealed class CheckpointJob : IJob
{
    public static readonly JobKey Key = new("integrity-checkpoint", "recace");
    private readonly ChainCheckpoints _checkpoints;

    public CheckpointJob(ChainCheckpoints checkpoints) => _checkpoints = checkpoints;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await _checkpoints.CheckpointHeadAsync(cancellationToken);
}
