using LinqToDB;
using RecAce.Core;
using RecAce.Core.Calls;
using RecAce.Core.Plugins;
using RecAce.Data;
using RecAce.Data.Entities;
using RecAce.Plugins;
using RecAce.Web.Health;

namespace RecAce.Web.Hosting;

/// <summary>Registers the plugin supervisor, keeps plugin states in the database, and shows them in /healthz and the admin.</summary>
internal static class PluginHosting
{
    public static void AddPluginHosting(this IServiceCollection services, ConfigurationManager configuration, RecAceOptions options)
    {
        var pluginsDirectory = configuration["RecAce:PluginsDirectory"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(AppContext.BaseDirectory, "plugins");
        var host = configuration.GetSection("RecAce:PluginHost");
        services.AddSingleton(new PluginHostOptions
        {
            PluginsDirectory = pluginsDirectory,
            DataDirectory = options.DataDirectory,
            HostVersion = typeof(PluginHosting).Assembly.GetName().Version ?? new Version(1, 0),
            RestartBackoffBase = TimeSpan.FromSeconds(host.GetValue("RestartBaseDelaySeconds", 60.0)),
            RestartBackoffCap = TimeSpan.FromSeconds(host.GetValue("RestartMaxDelaySeconds", 86400.0)),
            HealthCheckInterval = TimeSpan.FromSeconds(host.GetValue("HealthCheckIntervalSeconds", 30.0)),
        });
        services.AddSingleton(sp => new PluginRegistry(sp.GetRequiredService<ILogger<PluginRegistry>>()));
        services.AddSingleton(sp => new PluginSupervisor(
            sp.GetRequiredService<PluginHostOptions>(),
            sp.GetRequiredService<PluginRegistry>(),
            sp.GetRequiredService<IConfiguration>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<CallIntake>().SinkFor,
            sp.GetRequiredService<IAudioFileDecoder>()));
        services.AddSingleton<PluginStatePersistence>();
        // Adapters run only on a node that records; the others still show their last known state.
        if (options.Node.ParsedRoles.HasFlag(Core.Nodes.NodeRoles.Ingest))
        {
            services.AddHostedService(sp =>
            {
                sp.GetRequiredService<PluginStatePersistence>().Attach();
                return sp.GetRequiredService<PluginSupervisor>();
            });
        }
        services.AddSingleton(sp => new PluginStatusView(() => sp.GetRequiredService<PluginRegistry>().Snapshot()
            .Select(s => new PluginStatusLine(s.Id, s.Version?.ToString(), s.State.ToString(),
                s.Message ?? s.LastHealth?.Description, s.FaultCount, s.NextRestartAt))
            .OrderBy(s => s.Id, StringComparer.Ordinal).ToList()));
        services.AddSingleton<IHealthPart, PluginHealthPart>();
    }
}

/// <summary>Writes each plugin state change to <c>plugin_states</c>, so the last known state survives a restart.</summary>
internal sealed class PluginStatePersistence
{
    private readonly PluginRegistry _registry;
    private readonly DatabaseFactory _db;
    private readonly ILogger<PluginStatePersistence> _logger;

    public PluginStatePersistence(PluginRegistry registry, DatabaseFactory db, ILogger<PluginStatePersistence> logger)
    {
        _registry = registry;
        _db = db;
        _logger = logger;
    }

    public void Attach() => _registry.StatusChanged += (_, status) => Save(status);

    private void Save(PluginStatus status)
    {
        try
        {
            using var db = _db.Open();
            db.InsertOrReplace(new PluginStateRow
            {
                PluginId = status.Id,
                State = status.State.ToString(),
                Version = status.Version?.ToString(),
                Message = status.Message is { Length: > 4000 } m ? m[..4000] : status.Message,
                FaultCount = status.FaultCount,
                UpdatedAtMs = status.ChangedAt.ToUnixTimeMilliseconds(),
            });
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            _logger.LogWarning(e, "The state of plugin {Plugin} could not be saved", status.Id);
        }
    }
}

/// <summary>The plugins' part of /healthz.</summary>
internal sealed class PluginHealthPart : IHealthPart
{
    private readonly PluginStatusView _view;

    public PluginHealthPart(PluginStatusView view) => _view = view;

    public string Name => "plugins";

    public object Check() => _view.Lines().Select(l => new PluginPart(l.Id, l.State, l.Version, l.Message, l.FaultCount, l.NextRestartAt)).ToList();
}

internal sealed record PluginPart(string Id, string Status, string? Version, string? Detail, int FaultCount, DateTimeOffset? NextRestartAt);
