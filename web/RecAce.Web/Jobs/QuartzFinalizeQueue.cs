using Quartz;
using RecAce.Core.Calls;

namespace RecAce.Web.Jobs;

/// <summary>Finalization as persistent Quartz triggers: a queued call survives a restart.</summary>
internal sealed class QuartzFinalizeQueue : IFinalizeQueue
{
    private readonly ISchedulerFactory _schedulers;
    private readonly TimeProvider _time;

    public QuartzFinalizeQueue(ISchedulerFactory schedulers, TimeProvider time)
    {
        _schedulers = schedulers;
        _time = time;
    }

    public async Task EnqueueAsync(Guid callId, TimeSpan delay, CancellationToken cancellationToken)
    {
        var scheduler = await _schedulers.GetScheduler(cancellationToken);
        // One trigger per call: queuing the same call twice replaces the pending trigger, so a
        // call is never finalized by two jobs at once.
        var triggerKey = new TriggerKey(callId.ToString("N"), "finalize");
        var trigger = TriggerBuilder.Create()
            .WithIdentity(triggerKey)
            .ForJob(FinalizeCallJob.Key)
            .UsingJobData(FinalizeCallJob.CallIdKey, callId.ToString())
            .StartAt(_time.GetUtcNow() + delay)
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        await scheduler.ScheduleTrigger(trigger, TriggerConflict.Replace, cancellationToken);
    }
}
