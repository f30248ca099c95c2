namespace RecAce.Core.Harassment;

/// <summary>Schedules a call's signal analysis (implemented with Quartz by the host).</summary>
public interface ICallAnalysisQueue
{
    Task EnqueueAsync(Guid callId, CancellationToken cancellationToken);
}
