using FluentMigrator.Runner;
using Microsoft.Extensions.DependencyInjection;

namespace RecAce.Data;

/// <summary>Applies the numbered migrations in this assembly. Idempotent.</summary>
public static class DatabaseMigrator
{
    /// <returns>The versions applied by this call (empty when the schema was current).</returns>
    /// <param name="database">The database to migrate.</param>
    /// <param name="targetVersion">Stop after this version (upgrade tests); null applies every migration.</param>
    public static IReadOnlyList<long> MigrateUp(DatabaseFactory database, long? targetVersion = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        return MigrateUp(database.Provider, database.ConnectionString, targetVersion);
    }

    private static List<long> MigrateUp(DatabaseProvider provider, string connectionString, long? targetVersion)
    {
        using var services = new ServiceCollection()
            .AddFluentMigratorCore()
            .ConfigureRunner(rb =>
            {
                if (provider == DatabaseProvider.Postgres) rb.AddPostgres();
                else rb.AddSQLite();
                rb.WithGlobalConnectionString(connectionString)
                    .ScanIn(typeof(DatabaseMigrator).Assembly).For.Migrations();
            })
            .BuildServiceProvider(false);
        var runner = services.GetRequiredService<IMigrationRunner>();
        var loader = services.GetRequiredService<IVersionLoader>();
        var before = loader.VersionInfo.AppliedMigrations().ToHashSet();
        if (targetVersion is { } version) runner.MigrateUp(version);
        else runner.MigrateUp();
        loader.LoadVersionInfo();
        return loader.VersionInfo.AppliedMigrations().Where(v => !before.Contains(v)).OrderBy(v => v).ToList();
    }
}
