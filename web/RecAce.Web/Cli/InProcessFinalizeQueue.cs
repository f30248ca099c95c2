using System.Collections.Concurrent;
using RecAce.Core.Calls;

namespace RecAce.Web.Cli;

/// <summary>Collects the calls a CLI verb closed, so the verb can finalize them itself before it exits (no scheduler runs).</summary>
internal sealed class InProcessFinalizeQueue : IFinalizeQueue
{
    private readonly ConcurrentQueue<Guid> _calls = new();

    public Task EnqueueAsync(Guid callId, TimeSpan delay, CancellationToken cancellationToken)
    {
        _calls.Enqueue(callId);
        return Task.CompletedTask;
    }

    public bool TryDequeue(out Guid callId) => _calls.TryDequeue(out callId);
}
