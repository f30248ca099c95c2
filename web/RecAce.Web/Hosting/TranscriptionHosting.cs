using Microsoft.Extensions.Logging;
using RecAce.Core;
using RecAce.Core.Transcription;
using RecAce.Core.Transcription.Worker;
using RecAce.Web.Api;
using RecAce.Web.Jobs;

namespace RecAce.Web.Hosting;

/// <summary>Registers transcription: the Quartz queue, the supervised worker, the service and the readers.</summary>
internal static class TranscriptionHosting
{
    public static IServiceCollection AddTranscription(this IServiceCollection services, RecAceOptions options)
    {
        services.AddSingleton<TranscriptStore>();
        services.AddSingleton<ChannelAudioExtractor>();
        services.AddSingleton<ITranscriptionQueue, QuartzTranscriptionQueue>();
        services.AddSingleton(WorkerLaunchFor(options.Transcription));
        services.AddSingleton(sp => new TranscriptionWorkerClient(sp.GetRequiredService<WorkerLaunch>(),
            TimeSpan.FromSeconds(options.Transcription.WorkerTimeoutSeconds), sp.GetRequiredService<ILogger<TranscriptionWorkerClient>>()));
        services.AddSingleton<ITranscriber>(sp => sp.GetRequiredService<TranscriptionWorkerClient>());
        services.AddSingleton<TranscriptionService>();
        services.AddSingleton<TranscriptQueries>();
        return services;
    }

    /// <summary>
    /// This binary's own <c>transcribe-worker</c> verb: the published <c>recace</c> executable itself,
    /// or <c>dotnet recace.dll</c> when the host runs under the dotnet launcher (development, tests).
    /// </summary>
    internal static WorkerLaunch WorkerLaunchFor(TranscriptionOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.WorkerExecutable)) return new WorkerLaunch(options.WorkerExecutable, options.WorkerArguments);
        var process = Environment.ProcessPath ?? "dotnet";
        var name = Path.GetFileNameWithoutExtension(process);
        if (string.Equals(name, "recace", StringComparison.OrdinalIgnoreCase)) return new WorkerLaunch(process, ["transcribe-worker"]);
        var dotnet = string.Equals(name, "dotnet", StringComparison.OrdinalIgnoreCase) ? process : "dotnet";
        return new WorkerLaunch(dotnet, [typeof(TranscriptionHosting).Assembly.Location, "transcribe-worker"]);
    }
}
