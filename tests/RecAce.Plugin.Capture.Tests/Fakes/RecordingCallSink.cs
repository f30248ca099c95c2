using RecAce.Plugins;

namespace RecAce.Plugin.Capture.Tests.Fakes;

/// <summary>An in-memory call sink that keeps every call, leg, frame, DTMF event and metadata update.</summary>
internal sealed class RecordingCallSink : ICallSink
{
    private readonly Lock _lock = new();
    private readonly List<FakeRecording> _calls = [];

    public IReadOnlyList<FakeRecording> Calls
    {
        get
        {
            lock (_lock)
                return [.. _calls];
        }
    }

    public ValueTask<ICallRecording> OpenCallAsync(CallInfo call, CancellationToken cancellationToken)
    {
        var recording = new FakeRecording(call);
        lock (_lock)
            _calls.Add(recording);
        return ValueTask.FromResult<ICallRecording>(recording);
    }
}

/// <summary>One call as the fake sink saw it.</summary>
internal sealed class FakeRecording(CallInfo info) : ICallRecording
{
    private readonly Dictionary<string, List<AudioFrame>> _frames = new(StringComparer.Ordinal);

    public CallInfo Info { get; } = info;

    public Guid CallId { get; } = Guid.NewGuid();

    public CallEndReason? EndReason { get; private set; }

    public List<LegInfo> Legs { get; } = [];

    public List<(string LegId, DtmfEvent Event)> Dtmf { get; } = [];

    public Dictionary<string, string> Extra { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<AudioFrame> FramesOf(string legId) => _frames.TryGetValue(legId, out var f) ? f : [];

    public int TotalFrames => _frames.Values.Sum(f => f.Count);

    public void AddLeg(LegInfo leg)
    {
        if (!_frames.TryAdd(leg.LegId, [])) throw new ArgumentException("leg exists", nameof(leg));
        Legs.Add(leg);
    }

    public void Write(string legId, in AudioFrame frame)
    {
        ObjectDisposedException.ThrowIf(EndReason is not null, this);
        if (!_frames.TryGetValue(legId, out var frames)) throw new ArgumentException($"unknown leg {legId}", nameof(legId));
        frames.Add(frame with { Payload = frame.Payload.ToArray() });
    }

    public void UpdateMetadata(CallMetadataUpdate update)
    {
        foreach (var (k, v) in update.Extra ?? new Dictionary<string, string>()) Extra[k] = v;
    }

    public void AddDtmf(string legId, DtmfEvent dtmf)
    {
        if (!_frames.ContainsKey(legId)) throw new ArgumentException($"unknown leg {legId}", nameof(legId));
        Dtmf.Add((legId, dtmf));
    }

    public ValueTask CloseAsync(CallEndReason reason, CancellationToken cancellationToken = default)
    {
        EndReason ??= reason;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => CloseAsync(CallEndReason.Unknown);
}
