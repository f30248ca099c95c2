using Quartz;
using RecAce.Core.Finalize;

namespace RecAce.Web.Jobs;

/// <summary>Finalizes one closed call. Failures reschedule themselves with back-off (see <see cref="CallFinalizer"/>).</summary>
internal sealed class FinalizeCallJob : IJob
{
    public static readonly JobKey Key = new("finalize-call", "recace");
    public const string CallIdKey = "callId";
    private readonly CallFinalizer _finalizer;

    public FinalizeCallJob(CallFinalizer finalizer) => _finalizer = finalizer;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var id = context.MergedJobDataMap.GetString(CallIdKey);
        if (!Guid.TryParse(id, out var callId)) return;
        await _finalizer.FinalizeAsync(callId, cancellationToken);
    }
}
