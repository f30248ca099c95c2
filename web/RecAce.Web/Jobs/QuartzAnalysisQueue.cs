using Quartz;
using RecAce.Core.Harassment;

namespace RecAce.Web.Jobs;

/// <summary>Signal analysis as persistent Quartz triggers, one per call: queuing again replaces the pending one.</summary>
internal sealed class QuartzAnalysisQueue : ICallAnalysisQueue
{
    private readonly ISchedulerFactory _schedulers;
    private readonly TimeProvider _time;

    public QuartzAnalysisQueue(ISchedulerFactory schedulers, TimeProvider time)
    {
        _schedulers = schedulers;
        _time = time;
    }

    public async Task EnqueueAsync(Guid callId, CancellationToken cancellationToken)
    {
        var scheduler = await _schedulers.GetScheduler(cancellationToken);
        var trigger = TriggerBuilder.Create()
            .WithIdentity(new TriggerKey(callId.ToString("N"), "analyze"))
            .ForJob(AnalyzeCallJob.Key)
            .UsingJobData(AnalyzeCallJob.CallIdKey, callId.ToString())
            .StartAt(_time.GetUtcNow())
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        await scheduler.ScheduleTrigger(trigger, TriggerConflict.Replace, cancellationToken);
    }
}
