using System.Net.Http.Json;
using System.Text.Json;
using RecAce.Tests;

namespace RecAce.Web.Tests.EndToEnd;

/// <summary>The real binary on the database its configuration names: PostgreSQL health, refusals and errors that keep the password out.</summary>
[Trait("Category", "EndToEnd")]
public sealed class DatabaseProviderEndToEndTests : IDisposable
{
    private const string Password = "pw-never-printed-7f3a";
    private readonly TempDirectory _temp = new("recace-dbprov");

    private string DataDirectory => _temp.Combine("data");

    [PostgresFact]
    public async Task Serve_FreshPostgresDatabase_HealthzReportsPostgresHealthyAndNoSqliteFile()
    {
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string> { ["RecAce:DataDirectory"] = DataDirectory });
        using var client = host.CreateClient();

        var health = await client.GetFromJsonAsync<JsonElement>("/healthz");

        var database = health.GetProperty("parts").GetProperty("database");
        Assert.Equal("Healthy", database.GetProperty("status").GetString());
        Assert.Equal("PostgreSQL", database.GetProperty("detail").GetString());
        Assert.False(File.Exists(Path.Combine(DataDirectory, "recace.db")), "no SQLite file on PostgreSQL");
        Assert.Contains("Database: PostgreSQL 127.0.0.1:", host.Log, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Backup_OnPostgres_RefusesNamingPgDump()
    {
        var settings = new Dictionary<string, string> { ["RecAce:DataDirectory"] = DataDirectory };

        var (code, stdout, stderr) = await HostProcess.RunVerbAsync(settings, "backup", _temp.Combine("backup"));

        Assert.NotEqual(0, code);
        Assert.Empty(stdout);
        Assert.Contains("pg_dump", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.Combine("backup", "recace-backup.json")));
    }

    [PostgresFact]
    public async Task Restore_OnPostgres_RefusesNamingPgDumpAndLeavesTheDataFolder()
    {
        var settings = new Dictionary<string, string> { ["RecAce:DataDirectory"] = DataDirectory };
        Directory.CreateDirectory(_temp.Combine("backup"));

        var (code, _, stderr) = await HostProcess.RunVerbAsync(settings, "restore", _temp.Combine("backup"), "--force");

        Assert.NotEqual(0, code);
        Assert.Contains("pg_dump", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_PostgresWithoutConnectionString_ExitsWithTheMissingKey()
    {
        var (code, _, stderr) = await HostProcess.RunVerbAsync(Settings(null), "migrate");

        Assert.NotEqual(0, code);
        Assert.Contains("RecAce:Database:ConnectionString is empty", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_UnknownProvider_ExitsNamingTheChoices()
    {
        var settings = new Dictionary<string, string> { ["RecAce:DataDirectory"] = DataDirectory, ["RecAce:Database:Provider"] = "oracle" };

        var (code, _, stderr) = await HostProcess.RunVerbAsync(settings, "migrate");

        Assert.NotEqual(0, code);
        Assert.Contains("use sqlite or postgres", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_PostgresServerUnreachable_ExitsWithoutPrintingThePassword()
    {
        // Port 1 on the loopback: nothing listens, the connection is refused at once.
        var settings = Settings($"Host=127.0.0.1;Port=1;Database=recace;Username=recace;Password={Password};Timeout=3");

        var verb = await HostProcess.RunVerbAsync(settings, "migrate");
        var serve = await HostProcess.RunVerbAsync(settings, "serve");

        Assert.NotEqual(0, verb.ExitCode);
        Assert.NotEqual(0, serve.ExitCode);
        Assert.DoesNotContain(Password, verb.Stdout + verb.Stderr + serve.Stdout + serve.Stderr, StringComparison.Ordinal);
    }

    private Dictionary<string, string> Settings(string? connectionString)
    {
        var settings = new Dictionary<string, string> { ["RecAce:DataDirectory"] = DataDirectory, ["RecAce:Database:Provider"] = "postgres" };
        if (connectionString is not null) settings["RecAce:Database:ConnectionString"] = connectionString;
        return settings;
    }

    public void Dispose() => _temp.Dispose();
}
