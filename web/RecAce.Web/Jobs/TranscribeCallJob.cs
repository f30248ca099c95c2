using Quartz;
using RecAce.Core.Transcription;

namespace RecAce.Web.Jobs;

/// <summary>Transcribes one finalized call. Failures reschedule themselves with back-off (see <see cref="TranscriptionService"/>).</summary>
internal sealed class TranscribeCallJob : IJob
{
    public static readonly JobKey Key = new("transcribe-call", "recace");
    public const string CallIdKey = "callId";
    private readonly TranscriptionService _service;

    public TranscribeCallJob(TranscriptionService service) => _service = service;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        if (!Guid.TryParse(context.MergedJobDataMap.GetString(CallIdKey), out var callId)) return;
        await _service.TranscribeAsync(callId, cancellationToken);
    }
}
