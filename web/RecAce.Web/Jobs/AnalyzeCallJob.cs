using Quartz;
using RecAce.Core.Harassment;

namespace RecAce.Web.Jobs;

/// <summary>Scores one call for harassment; queued after finalization and again after transcription.</summary>
internal sealed class AnalyzeCallJob : IJob
{
    public static readonly JobKey Key = new("analyze-call", "recace");
    public const string CallIdKey = "callId";
    private readonly CallSignalAnalyzer _analyzer;

    public AnalyzeCallJob(CallSignalAnalyzer analyzer) => _analyzer = analyzer;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        if (!Guid.TryParse(context.MergedJobDataMap.GetString(CallIdKey), out var callId)) return;
        await _analyzer.AnalyzeAsync(callId, cancellationToken);
    }
}
