using RecAce.Core.Calls;
using RecAce.Core.Harassment;
using RecAce.Web.Alerts;
using RecAce.Web.Jobs;

namespace RecAce.Web.Hosting;

/// <summary>Registers the カスハラ workflow: incidents, signals and score, watch list and alerts, reports.</summary>
internal static class HarassmentHosting
{
    public static IServiceCollection AddHarassment(this IServiceCollection services, IConfiguration configuration)
    {
        var signals = configuration.GetSection(SignalOptions.SectionName).Get<SignalOptions>() ?? new SignalOptions();
        // A lexicon entry naming an unknown category stops the start with the entry named, rather than scoring silently without it.
        _ = new SignalLexicon(signals.Lexicon);
        services.AddSingleton(signals);
        services.AddSingleton(configuration.GetSection(AlertMailOptions.SectionName).Get<AlertMailOptions>() ?? new AlertMailOptions());
        services.AddSingleton<IncidentStore>();
        services.AddSingleton<IncidentReport>();
        services.AddSingleton<CallSignalAnalyzer>();
        services.AddSingleton<CallSignalReader>();
        services.AddSingleton<ICallAnalysisQueue, QuartzAnalysisQueue>();
        services.AddSingleton<WatchListStore>();
        services.AddSingleton<AlertMailer>();
        services.AddSingleton<ICallerAlertSink>(sp => sp.GetRequiredService<AlertMailer>());
        services.AddHostedService(sp => sp.GetRequiredService<AlertMailer>());
        services.AddSingleton<CallerWatch>();
        services.AddSingleton<ICallStartObserver>(sp => sp.GetRequiredService<CallerWatch>());
        services.AddHostedService<CallerWatchService>();
        return services;
    }
}
