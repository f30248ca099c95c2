namespace RecAce.Web.Hosting;

/// <summary>
/// Applies migrations before any other hosted service runs (it is registered first), so the
/// scheduler, recovery and adapters always see the current schema.
/// </summary>
internal sealed class DatabaseMigration : IHostedService
{
    private readonly IServiceProvider _services;
    private readonly ILogger<DatabaseMigration> _logger;

    public DatabaseMigration(IServiceProvider services, ILogger<DatabaseMigration> logger)
    {
        _services = services;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var database = _services.GetRequiredService<RecAce.Data.DatabaseFactory>();
        _logger.LogInformation("Database: {Database}", database.Describe());
        var applied = RecAceHost.Migrate(_services);
        if (applied.Count > 0) _logger.LogInformation("Applied database migrations {Versions}", string.Join(", ", applied));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
