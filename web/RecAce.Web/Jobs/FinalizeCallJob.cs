using Quartz;
using RecAce.Core.Finalize;
using RecAce.Core.Harassment;

namespace RecAce.Web.Jobs;

/// <summary>Finalizes one closed call. Failures reschedule themselves with back-off (see <see cref="CallFinalizer"/>).</summary>
internal sealed class FinalizeCallJob : IJob
{
    public static readonly JobKey Key = new("finalize-call", "recace");
    public const string CallIdKey = "callId";
    private readonly CallFinalizer _finalizer;
    private readonly ICallAnalysisQueue _analysis;

    public FinalizeCallJob(CallFinalizer finalizer, ICallAnalysisQueue analysis)
    {
        _finalizer = finalizer;
        _analysis = analysis;
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var id = context.MergedJobDataMap.GetString(CallIdKey);
        if (!Guid.TryParse(id, out var callId)) return;
        // Scored as soon as the recording is sealed (length, repeat caller, loudness); again once transcribed.
        if (await _finalizer.FinalizeAsync(callId, cancellationToken)) await _analysis.EnqueueAsync(callId, cancellationToken);
    }
}
