using FluentMigrator.Runner;
using Microsoft.Extensions.DependencyInjection;

namespace RecAce.Data;

/// <summary>Applies the numbered migrations in this assembly. Idempotent.</summary>
public static class DatabaseMigrator
{
    /// <returns>The versions applied by this call (empty when the schema was current).</returns>
    public static IReadOnlyList<long> MigrateUp(string connectionString)
    {
        using var services = new ServiceCollection()
            .AddFluentMigratorCore()
            .ConfigureRunner(rb => rb
                .AddSQLite()
                .WithGlobalConnectionString(connectionString)
                .ScanIn(typeof(DatabaseMigrator).Assembly).For.Migrations())
            .BuildServiceProvider(false);
        var runner = services.GetRequiredService<IMigrationRunner>();
        var loader = services.GetRequiredService<IVersionLoader>();
        var before = loader.VersionInfo.AppliedMigrations().ToHashSet();
        runner.MigrateUp();
        loader.LoadVersionInfo();
        return loader.VersionInfo.AppliedMigrations().Where(v => !before.Contains(v)).OrderBy(v => v).ToList();
    }
}
