using Quartz;
using RecAce.Core.Transcription;
using RecAce.Data.Entities;

namespace RecAce.Web.Jobs;

/// <summary>Transcription as persistent Quartz triggers with priority: a queued call survives a restart, flagged calls go first.</summary>
internal sealed class QuartzTranscriptionQueue : ITranscriptionQueue
{
    private readonly ISchedulerFactory _schedulers;
    private readonly TranscriptStore _store;
    private readonly TimeProvider _time;

    public QuartzTranscriptionQueue(ISchedulerFactory schedulers, TranscriptStore store, TimeProvider time)
    {
        _schedulers = schedulers;
        _store = store;
        _time = time;
    }

    /// <summary>The trigger of a call's pending transcription.</summary>
    public static TriggerKey TriggerKeyFor(Guid callId) => new(callId.ToString("N"), "transcribe");

    public async Task EnqueueAsync(Guid callId, TimeSpan delay, int priority, CancellationToken cancellationToken)
    {
        if (delay == TimeSpan.Zero) await _store.SetStatusAsync(callId, TranscriptionStatus.Queued, null, cancellationToken);
        var scheduler = await _schedulers.GetScheduler(cancellationToken);
        // One trigger per call: queuing it again replaces the pending one, so two workers never take the same call.
        var trigger = TriggerBuilder.Create()
            .WithIdentity(TriggerKeyFor(callId))
            .ForJob(TranscribeCallJob.Key)
            .UsingJobData(TranscribeCallJob.CallIdKey, callId.ToString())
            .WithPriority(priority)
            .StartAt(_time.GetUtcNow() + delay)
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        await scheduler.ScheduleTrigger(trigger, TriggerConflict.Replace, cancellationToken);
    }
}
