using Quartz;
using RecAce.Core.Harassment;
using RecAce.Core.Transcription;

namespace RecAce.Web.Jobs;

/// <summary>Transcribes one finalized call. Failures reschedule themselves with back-off (see <see cref="TranscriptionService"/>).</summary>
internal sealed class TranscribeCallJob : IJob
{
    public static readonly JobKey Key = new("transcribe-call", "recace");
    public const string CallIdKey = "callId";
    private readonly TranscriptionService _service;
    private readonly ICallAnalysisQueue _analysis;

    public TranscribeCallJob(TranscriptionService service, ICallAnalysisQueue analysis)
    {
        _service = service;
        _analysis = analysis;
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        if (!Guid.TryParse(context.MergedJobDataMap.GetString(CallIdKey), out var callId)) return;
        // The transcript adds lexicon phrases to the score.
        if (await _service.TranscribeAsync(callId, cancellationToken) == TranscriptionService.Outcome.Done) await _analysis.EnqueueAsync(callId, cancellationToken);
    }
}
