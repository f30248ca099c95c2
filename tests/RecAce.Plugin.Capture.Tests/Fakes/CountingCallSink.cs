using RecAce.Plugins;

namespace RecAce.Plugin.Capture.Tests.Fakes;

/// <summary>A sink that only counts: measures the capture path alone, without the core's decoding and spooling.</summary>
internal sealed class CountingCallSink : ICallSink
{
    public long Frames;
    public int Calls;

    public ValueTask<ICallRecording> OpenCallAsync(CallInfo call, CancellationToken cancellationToken)
    {
        Calls++;
        return ValueTask.FromResult<ICallRecording>(new Recording(this));
    }

    private sealed class Recording(CountingCallSink sink) : ICallRecording
    {
        public Guid CallId { get; } = Guid.NewGuid();

        public void AddLeg(LegInfo leg) { }

        public void Write(string legId, in AudioFrame frame) => sink.Frames++;

        public void AddDtmf(string legId, DtmfEvent dtmf) { }

        public void UpdateMetadata(CallMetadataUpdate update) { }

        public ValueTask CloseAsync(CallEndReason reason, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
