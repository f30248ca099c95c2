using Quartz;
using RecAce.Core;
using RecAce.Core.Nodes;

namespace RecAce.Web.Hosting;

/// <summary>
/// What this node does (<c>RecAce:Node:Roles</c>) and where its jobs are kept: Quartz's SQLite file
/// beside a single server's database, or, on PostgreSQL, Quartz's tables in that same database with
/// clustering on, so every worker node shares one queue and a dead node's jobs are picked up by another.
/// </summary>
internal static class NodeHosting
{
    /// <summary>The job store and the identity of this node's scheduler.</summary>
    public static void UseRecAceJobStore(this IQuartzBuilder q, RecAceOptions options, IConfiguration configuration)
    {
        var database = configuration.GetSection("RecAce:Database");
        var postgres = string.Equals(database["Provider"], "postgres", StringComparison.OrdinalIgnoreCase);
        // A trigger another node adds wakes no scheduler here: a clustered worker finds it by polling, so
        // it polls every 2 s rather than Quartz's 30 s and a queued call waits seconds, not half a minute.
        if (postgres) q.ConfigureScheduler(s => s.IdleWaitTime = TimeSpan.FromSeconds(2));
        q.UsePersistentStore(store =>
        {
            if (postgres)
            {
                var connection = database["ConnectionString"];
                if (string.IsNullOrWhiteSpace(connection)) throw new InvalidOperationException("RecAce:Database:ConnectionString is required when RecAce:Database:Provider is postgres");
                store.UsePostgres(Npgsql.NpgsqlFactory.Instance, connection);
                // Clustering also makes each process generate its own instance id (AUTO), which tells the nodes apart.
                store.UseClustering(c =>
                {
                    c.CheckinInterval = TimeSpan.FromSeconds(options.Node.ClusterCheckinSeconds);
                    c.CheckinMisfireThreshold = TimeSpan.FromSeconds(options.Node.ClusterCheckinSeconds * 2);
                });
            }
            else
            {
                // Jobs get a database file of their own: Quartz's row locks then never wait on call writes.
                store.UseSqlite($"Data Source={Path.Combine(options.DataDirectory, "jobs.db")};Cache=Private;Default Timeout=30");
            }

            store.UseSystemTextJsonSerializer();
            store.ProvisionSchema();
        });
    }

    /// <summary>
    /// A worker node runs the scheduler. Any other node only adds jobs: its scheduler is created (and the
    /// schema provisioned) but never started, so it writes triggers to the shared store without firing them.
    /// </summary>
    public static IServiceCollection AddJobExecution(this IServiceCollection services, NodeRoles roles)
    {
        if (roles.HasFlag(NodeRoles.Worker)) services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        else services.AddHostedService<SchedulerWithoutWorker>();
        return services;
    }
}

/// <summary>Creates this node's scheduler in standby, so queuing works and problems with the job store show at start.</summary>
internal sealed class SchedulerWithoutWorker : IHostedService
{
    private readonly ISchedulerFactory _schedulers;
    private readonly RecAceOptions _options;
    private readonly ILogger<SchedulerWithoutWorker> _logger;

    public SchedulerWithoutWorker(ISchedulerFactory schedulers, RecAceOptions options, ILogger<SchedulerWithoutWorker> logger)
    {
        _schedulers = schedulers;
        _options = options;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await _schedulers.GetScheduler(cancellationToken);
        var metadata = await scheduler.GetMetadata(cancellationToken);
        _logger.LogInformation("Node {Node} has no worker role: jobs are queued in the {Store} job store and run on worker nodes", _options.Node.EffectiveId,
            metadata.JobStoreClustered ? "clustered" : "local");
        if (!metadata.JobStoreClustered) _logger.LogWarning("Node {Node} has no worker role and its job store is not shared: queued jobs wait until a worker starts on this data folder", _options.Node.EffectiveId);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
