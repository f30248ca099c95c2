namespace RecAce.Core.Calls;

/// <summary>Schedules finalization of a closed call (implemented with Quartz by the host).</summary>
public interface IFinalizeQueue
{
    /// <param name="callId">The closed call.</param>
    /// <param name="delay">How long to wait first; zero for now.</param>
    /// <param name="cancellationToken">Cancels scheduling.</param>
    Task EnqueueAsync(Guid callId, TimeSpan delay, CancellationToken cancellationToken);
}
