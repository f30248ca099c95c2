using System.Collections.Concurrent;

namespace RecAce.Plugins.Testing;

/// <summary>
/// A call sink that records what an adapter hands over and notes every breach of the contract
/// (unknown legs, writes after close, malformed frames) in <see cref="Violations"/>.
/// Thread-safe, like the host's.
/// </summary>
public sealed class ConformanceCallSink : ICallSink
{
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly ConcurrentQueue<RecordedCall> _calls = new();

    /// <summary>When set, <see cref="OpenCallAsync"/> throws this instead of opening (to test how an adapter copes with a refusing host).</summary>
    public Exception? RefuseWith { get; set; }

    /// <summary>Every call opened, in order.</summary>
    public IReadOnlyList<RecordedCall> Calls => [.. _calls];

    /// <summary>Contract breaches seen so far; empty for a conforming adapter.</summary>
    public IReadOnlyList<string> Violations => [.. _violations];

    /// <inheritdoc />
    public ValueTask<ICallRecording> OpenCallAsync(CallInfo call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (RefuseWith is { } refusal) throw refusal;
        var recorded = new RecordedCall(call, _violations.Enqueue);
        _calls.Enqueue(recorded);
        return ValueTask.FromResult<ICallRecording>(recorded);
    }
}
