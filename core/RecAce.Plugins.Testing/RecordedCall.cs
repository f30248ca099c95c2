using System.Collections.Concurrent;

namespace RecAce.Plugins.Testing;

/// <summary>One call as an adapter produced it, checked against the contract as it arrives.</summary>
public sealed class RecordedCall : ICallRecording
{
    private readonly ConcurrentDictionary<string, LegInfo> _legs = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string LegId, AudioFrame Frame)> _frames = new();
    private readonly ConcurrentQueue<(string LegId, DtmfEvent Dtmf)> _dtmf = new();
    private readonly Action<string> _violation;
    private int _closed;

    internal RecordedCall(CallInfo info, Action<string> violation)
    {
        Info = info;
        _violation = violation;
        foreach (var leg in info.Legs) AddLeg(leg);
    }

    /// <inheritdoc />
    public Guid CallId { get; } = Guid.NewGuid();

    /// <summary>What the adapter said when it opened the call.</summary>
    public CallInfo Info { get; }

    /// <summary>The legs, opened or added.</summary>
    public IReadOnlyCollection<LegInfo> Legs => [.. _legs.Values];

    /// <summary>Every frame, with its leg, in the order written.</summary>
    public IReadOnlyList<(string LegId, AudioFrame Frame)> Frames => [.. _frames];

    /// <summary>Key presses.</summary>
    public IReadOnlyList<(string LegId, DtmfEvent Dtmf)> Dtmf => [.. _dtmf];

    /// <summary>Why the call ended, or null while it is open.</summary>
    public CallEndReason? EndReason { get; private set; }

    /// <summary>Metadata updates received.</summary>
    public ConcurrentQueue<CallMetadataUpdate> Updates { get; } = new();

    /// <inheritdoc />
    public void AddLeg(LegInfo leg)
    {
        ArgumentNullException.ThrowIfNull(leg);
        if (string.IsNullOrEmpty(leg.LegId) || leg.LegId.Length > 64 || !leg.LegId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            _violation($"leg id '{leg.LegId}' is not 1-64 letters, digits, '-', '_' or '.'");
        }

        if (!_legs.TryAdd(leg.LegId, leg)) throw new ArgumentException($"Leg '{leg.LegId}' already exists.", nameof(leg));
    }

    /// <inheritdoc />
    public void Write(string legId, in AudioFrame frame)
    {
        if (Volatile.Read(ref _closed) != 0)
        {
            _violation($"frame written to leg '{legId}' after the call was closed");
            throw new ObjectDisposedException(nameof(RecordedCall));
        }

        if (!_legs.ContainsKey(legId))
        {
            _violation($"frame written to unknown leg '{legId}'");
            throw new ArgumentException($"Leg '{legId}' is not part of the call.", nameof(legId));
        }

        if (FrameRules.Check(frame) is { } problem) _violation($"leg '{legId}': {problem}");
        // The contract lets the caller reuse its buffer once Write returns.
        _frames.Enqueue((legId, frame with { Payload = frame.Payload.ToArray() }));
    }

    /// <inheritdoc />
    public void AddDtmf(string legId, DtmfEvent dtmf)
    {
        if (!_legs.ContainsKey(legId)) _violation($"DTMF on unknown leg '{legId}'");
        if (!"0123456789*#ABCDabcd".Contains(dtmf.Digit, StringComparison.Ordinal)) _violation($"'{dtmf.Digit}' is not a DTMF key");
        _dtmf.Enqueue((legId, dtmf));
    }

    /// <inheritdoc />
    public void UpdateMetadata(CallMetadataUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        Updates.Enqueue(update);
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(CallEndReason reason, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0) EndReason = reason;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => CloseAsync(CallEndReason.Unknown);
}
