using RecAce.Core.Calls;

namespace RecAce.Bench;

/// <summary>The bench finalizes explicitly, when it wants to time it; closing a call schedules nothing.</summary>
internal sealed class NullFinalizeQueue : IFinalizeQueue
{
    public static readonly NullFinalizeQueue Instance = new();

    public Task EnqueueAsync(Guid callId, TimeSpan delay, CancellationToken cancellationToken) => Task.CompletedTask;
}
