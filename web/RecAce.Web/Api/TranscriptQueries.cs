using RecAce.Core.Transcription;

namespace RecAce.Web.Api;

/// <summary>Reads a call's transcript for the API and the admin.</summary>
public sealed class TranscriptQueries
{
    private readonly TranscriptStore _store;
    private readonly CallQueries _calls;

    public TranscriptQueries(TranscriptStore store, CallQueries calls)
    {
        _store = store;
        _calls = calls;
    }

    /// <returns>Null when the call does not exist.</returns>
    public async Task<TranscriptDto?> GetAsync(Guid callId, CancellationToken ct)
    {
        if (await _calls.GetAsync(callId, ct) is null) return null;
        var status = await _store.GetStatusAsync(callId, ct);
        var segments = await _store.GetSegmentsAsync(callId, ct);
        return new TranscriptDto(callId, status?.Status.ToString() ?? "None", status?.Model, status?.Language, status?.Error,
            segments.Select(s => new TranscriptSegmentDto(s.Id, ((Speaker)s.Speaker).ToString(), s.StartMs / 1000.0, s.EndMs / 1000.0,
                s.CorrectedText ?? s.Text, s.Text, s.CorrectedBy, s.CorrectedAtMs is { } at ? _calls.ToLocal(at) : null)).ToList());
    }
}
