using RecAce.Plugins;

namespace RecAce.Plugin.Sip.Tests.Fakes;

/// <summary>An in-memory call sink that keeps every call, leg and frame, and refuses a digest it has seen.</summary>
internal sealed class RecordingCallSink : ICallSink
{
    private readonly Lock _lock = new();
    private readonly List<FakeRecording> _calls = [];
    private readonly Dictionary<string, Guid> _digests = new(StringComparer.Ordinal);

    public IReadOnlyList<FakeRecording> Calls
    {
        get
        {
            lock (_lock)
                return [.. _calls];
        }
    }

    public IReadOnlyList<FakeRecording> ClosedCalls => Calls.Where(c => c.EndReason is not null).ToList();

    /// <summary>When set, OpenCallAsync waits for it (to test CANCEL while the recording opens).</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>When set, every Write of every call throws it (a spool that cannot be written).</summary>
    public Exception? WriteFailure { get; set; }

    /// <summary>When set, OpenCallAsync throws it.</summary>
    public Exception? Refusal { get; set; }

    public async ValueTask<ICallRecording> OpenCallAsync(CallInfo call, CancellationToken cancellationToken)
    {
        if (Gate is { } gate) await gate.Task;
        if (Refusal is { } refusal) throw refusal;
        return Open(call);
    }

    private FakeRecording Open(CallInfo call)
    {
        lock (_lock)
        {
            if (call.SourceDigest is { } digest && _digests.TryGetValue(digest, out var existing))
                throw new DuplicateSourceException(existing);
            var recording = new FakeRecording(call, this);
            if (call.SourceDigest is { } d)
                _digests[d] = recording.CallId;
            _calls.Add(recording);
            return recording;
        }
    }
}

/// <summary>One call as the fake sink saw it.</summary>
internal sealed class FakeRecording : ICallRecording
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<AudioFrame>> _frames = new(StringComparer.Ordinal);
    private readonly List<LegInfo> _legs;

    private readonly RecordingCallSink? _sink;

    public FakeRecording(CallInfo info, RecordingCallSink? sink = null)
    {
        _sink = sink;
        Info = info;
        _legs = [.. info.Legs];
        foreach (var leg in _legs)
            _frames[leg.LegId] = [];
    }

    public CallInfo Info { get; }

    public Guid CallId { get; } = Guid.NewGuid();

    public CallEndReason? EndReason { get; private set; }

    public IReadOnlyList<LegInfo> Legs
    {
        get
        {
            lock (_lock)
                return [.. _legs];
        }
    }

    public IReadOnlyList<AudioFrame> FramesOf(string legId)
    {
        lock (_lock)
            return [.. _frames[legId]];
    }

    public void AddLeg(LegInfo leg)
    {
        lock (_lock)
        {
            if (!_frames.TryAdd(leg.LegId, []))
                throw new ArgumentException("leg exists", nameof(leg));
            _legs.Add(leg);
        }
    }

    public void Write(string legId, in AudioFrame frame)
    {
        if (_sink?.WriteFailure is { } failure) throw failure;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(EndReason is not null, this);
            if (!_frames.TryGetValue(legId, out var frames))
                throw new ArgumentException($"unknown leg {legId}", nameof(legId));
            // The contract says the payload is copied; the writer reuses its buffer.
            frames.Add(frame with { Payload = frame.Payload.ToArray() });
        }
    }

    public List<CallMetadataUpdate> Updates { get; } = [];

    public List<(string LegId, DtmfEvent Dtmf)> Dtmf { get; } = [];

    public void UpdateMetadata(CallMetadataUpdate update)
    {
        lock (_lock)
            Updates.Add(update);
    }

    public void AddDtmf(string legId, DtmfEvent dtmf)
    {
        lock (_lock)
            Dtmf.Add((legId, dtmf));
    }

    public ValueTask CloseAsync(CallEndReason reason, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            EndReason ??= reason;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => CloseAsync(CallEndReason.Unknown);
}
