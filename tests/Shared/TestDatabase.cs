using Npgsql;
using RecAce.Data;

namespace RecAce.Tests;

/// <summary>
/// The database a test works on. By default a SQLite file in the test's data folder. With
/// <c>RECACE_TEST_DATABASE=postgres</c> (and <c>RECACE_TEST_POSTGRES</c> naming a server, e.g.
/// <c>Host=127.0.0.1;Port=55432;Username=postgres</c>) a fresh, uniquely named PostgreSQL database,
/// dropped again on dispose: the same tests then run against PostgreSQL.
/// </summary>
internal sealed class TestDatabase : IDisposable
{
    /// <summary>The environment variable choosing the engine of a test run: <c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public const string EngineVariable = "RECACE_TEST_DATABASE";

    /// <summary>The environment variable with the PostgreSQL server's connection string (no database).</summary>
    public const string ServerVariable = "RECACE_TEST_POSTGRES";

    private readonly string? _databaseName;
    private readonly string? _dataDirectory;
    private readonly string? _serverConnectionString;
    private int _disposed;

    private TestDatabase(DatabaseFactory factory, string? dataDirectory, string? databaseName, string? serverConnectionString)
    {
        Factory = factory;
        _dataDirectory = dataDirectory;
        _databaseName = databaseName;
        _serverConnectionString = serverConnectionString;
    }

    /// <summary>True when this test run is against PostgreSQL.</summary>
    public static bool IsPostgres => string.Equals(Environment.GetEnvironmentVariable(EngineVariable), "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A new empty database (no migrations applied) for <paramref name="dataDirectory"/>: SQLite
    /// <c>recace.db</c> in it, or a fresh PostgreSQL database that <see cref="ForDataDirectory"/> then
    /// finds for hosts started on the same folder, until disposed.
    /// </summary>
    /// <param name="dataDirectory">The test's data folder.</param>
    /// <param name="migrated">
    /// PostgreSQL: copy a database migrated once per test process (CREATE DATABASE … TEMPLATE), which
    /// spares every test the migrations; the schema is the same as migrating it. SQLite: ignored.
    /// </param>
    public static TestDatabase Create(string dataDirectory, bool migrated = false)
    {
        if (!IsPostgres) return new TestDatabase(new DatabaseFactory(Path.Combine(dataDirectory, "recace.db")), null, null, null);

        var server = Environment.GetEnvironmentVariable(ServerVariable);
        if (string.IsNullOrWhiteSpace(server))
            throw new InvalidOperationException($"{EngineVariable}=postgres needs {ServerVariable} (an Npgsql connection string to the server).");
        var name = "recace_t_" + Guid.NewGuid().ToString("N");
        var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false };
        using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            var template = migrated ? MigratedTemplate(server) : "template0";
            create.CommandText = $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\" ENCODING 'UTF8'";
            create.ExecuteNonQuery();
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        var key = Path.GetFullPath(dataDirectory);
        var created = new TestDatabase(DatabaseFactory.ForPostgres(builder.ConnectionString), key, name, server);
        lock (Shared)
        {
            if (Shared.Count == 0 && !_exitHooked)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, _) => DisposeShared();
                _exitHooked = true;
            }

            Shared.TryAdd(key, created);
        }

        return created;
    }

    /// <summary>
    /// The database of a data folder that host processes share (a verb, then <c>serve</c>, then a
    /// restart): made on first use, dropped when the test process exits.
    /// </summary>
    public static TestDatabase ForDataDirectory(string dataDirectory)
    {
        lock (Shared)
        {
            var key = Path.GetFullPath(dataDirectory);
            return Shared.TryGetValue(key, out var existing) ? existing : Create(key);
        }
    }

    /// <summary>
    /// The database a host on <paramref name="dataDirectory"/> uses, for a test that reads or edits rows
    /// behind the host's back: the SQLite file in the folder, or the folder's PostgreSQL database.
    /// </summary>
    public static DatabaseFactory FactoryFor(string dataDirectory) =>
        IsPostgres ? ForDataDirectory(dataDirectory).Factory : new DatabaseFactory(Path.Combine(dataDirectory, "recace.db"));

    private static readonly Lock TemplateGate = new();
    private static string? _template;

    /// <summary>A database with every migration applied, made once per test process and dropped at its exit.</summary>
    private static string MigratedTemplate(string server)
    {
        lock (TemplateGate)
        {
            if (_template is not null) return _template;
            var name = "recace_tpl_" + Guid.NewGuid().ToString("N");
            var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false };
            using (var connection = new NpgsqlConnection(admin.ConnectionString))
            {
                connection.Open();
                using var create = connection.CreateCommand();
                create.CommandText = $"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'";
                create.ExecuteNonQuery();
            }

            var factory = DatabaseFactory.ForPostgres(new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false }.ConnectionString);
            DatabaseMigrator.MigrateUp(factory);
            // A template must have no sessions while it is copied.
            factory.ClearPools();
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try
                {
                    using var connection = new NpgsqlConnection(admin.ConnectionString);
                    connection.Open();
                    using var drop = connection.CreateCommand();
                    drop.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
                    drop.ExecuteNonQuery();
                }
                catch (NpgsqlException)
                {
                    // The server may be gone already at exit; the test script drops the whole cluster.
                }
            };
            return _template = name;
        }
    }

    private static readonly Dictionary<string, TestDatabase> Shared = [];
    private static bool _exitHooked;

    private static void DisposeShared()
    {
        lock (Shared)
        {
            foreach (var database in Shared.Values.ToList())
            {
                try
                {
                    database.Dispose();
                }
                catch (NpgsqlException)
                {
                    // The server may be gone already at exit; the test script drops the whole cluster.
                }
            }

            Shared.Clear();
        }
    }

    public DatabaseFactory Factory { get; }

    /// <summary>The host configuration naming this database (empty for SQLite: the host finds <c>recace.db</c> in its data folder).</summary>
    public IReadOnlyDictionary<string, string> Settings => _databaseName is null
        ? new Dictionary<string, string>()
        : new Dictionary<string, string>
        {
            ["RecAce:Database:Provider"] = "postgres",
            ["RecAce:Database:ConnectionString"] = Factory.ConnectionString,
        };

    /// <summary>The same as environment variables, for a host started as a process.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables => Settings.ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        Factory.ClearPools();
        if (_databaseName is null) return;
        lock (Shared)
        {
            if (_dataDirectory is not null && Shared.TryGetValue(_dataDirectory, out var registered) && ReferenceEquals(registered, this)) Shared.Remove(_dataDirectory);
        }

        var admin = new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = "postgres", Pooling = false };
        using var connection = new NpgsqlConnection(admin.ConnectionString);
        connection.Open();
        using var drop = connection.CreateCommand();
        // FORCE: a host process killed by its test may leave sessions behind.
        drop.CommandText = $"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)";
        drop.ExecuteNonQuery();
    }
}
