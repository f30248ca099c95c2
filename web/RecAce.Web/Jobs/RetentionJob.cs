using Quartz;
using RecAce.Core.Retention;

namespace RecAce.Web.Jobs;

/// <summary>Daily retention sweep.</summary>
[DisallowConcurrentExecution]
internal sealed class RetentionJob : IJob
{
    public static readonly JobKey Key = new("retention", "recace");
    private readonly RetentionSweeper _sweeper;

    public RetentionJob(RetentionSweeper sweeper) => _sweeper = sweeper;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await _sweeper.SweepAsync(cancellationToken);
}
