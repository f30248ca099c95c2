using LinqToDB;
using LinqToDB.Data;
using LinqToDB.DataProvider.PostgreSQL;
using LinqToDB.DataProvider.SQLite;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace RecAce.Data;

/// <summary>
/// Opens connections to the RecAce database: the embedded SQLite file (WAL mode) or a PostgreSQL
/// server, chosen by <see cref="DatabaseOptions"/>.
/// </summary>
public sealed class DatabaseFactory
{
    private readonly DataOptions _options;

    /// <summary>A SQLite database in the file <paramref name="sqlitePath"/>.</summary>
    public DatabaseFactory(string sqlitePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(sqlitePath);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = sqlitePath,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        };
        Provider = DatabaseProvider.Sqlite;
        SqlitePath = sqlitePath;
        ConnectionString = builder.ToString();
        _options = new DataOptions().UseSQLite(ConnectionString, SQLiteProvider.Microsoft);
    }

    private DatabaseFactory(DatabaseProvider provider, string connectionString, DataOptions options)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _options = options;
    }

    /// <summary>A PostgreSQL database named by an Npgsql connection string.</summary>
    /// <exception cref="ArgumentException">The connection string is empty, malformed or names no database.</exception>
    public static DatabaseFactory ForPostgres(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            // The message of a parse error may quote the string, password and all: say only what is wrong.
            throw new ArgumentException("RecAce:Database:ConnectionString is not a valid PostgreSQL (Npgsql) connection string: " + e.GetType().Name, nameof(connectionString));
        }

        if (string.IsNullOrEmpty(builder.Database))
            throw new ArgumentException("RecAce:Database:ConnectionString names no database (Database=...).", nameof(connectionString));
        var normalized = builder.ConnectionString;
        return new DatabaseFactory(DatabaseProvider.Postgres, normalized, new DataOptions().UsePostgreSQL(normalized, PostgreSQLVersion.v15));
    }

    /// <summary>The database the configuration names; SQLite in <c>recace.db</c> under <paramref name="dataDirectory"/> by default.</summary>
    /// <exception cref="ArgumentException">An unknown provider, or PostgreSQL without a connection string.</exception>
    public static DatabaseFactory Create(DatabaseOptions options, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ParseProvider(options.Provider) switch
        {
            DatabaseProvider.Postgres => string.IsNullOrWhiteSpace(options.ConnectionString)
                ? throw new ArgumentException("RecAce:Database:Provider is postgres but RecAce:Database:ConnectionString is empty.", nameof(options))
                : ForPostgres(options.ConnectionString),
            _ => new DatabaseFactory(Path.Combine(dataDirectory, "recace.db")),
        };
    }

    /// <exception cref="ArgumentException">Neither <c>sqlite</c> nor <c>postgres</c>.</exception>
    public static DatabaseProvider ParseProvider(string? provider) => (provider ?? "").Trim().ToLowerInvariant() switch
    {
        "" or "sqlite" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
        _ => throw new ArgumentException($"RecAce:Database:Provider '{provider}' is unknown: use sqlite or postgres.", nameof(provider)),
    };

    public DatabaseProvider Provider { get; }

    public bool IsSqlite => Provider == DatabaseProvider.Sqlite;

    /// <summary>The SQLite file; null on PostgreSQL.</summary>
    public string? SqlitePath { get; }

    /// <summary>The ADO.NET connection string (also used by the migrator). Holds the password on PostgreSQL: never log it, log <see cref="Describe"/>.</summary>
    public string ConnectionString { get; }

    public RecAceDb Open() => new(_options);

    /// <summary>Where the database is, for logs and messages: no password.</summary>
    public string Describe()
    {
        if (IsSqlite) return $"SQLite {SqlitePath}";
        var b = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"PostgreSQL {b.Host}:{b.Port}/{b.Database} as {b.Username}";
    }

    /// <summary>
    /// SQLite: WAL lets readers (the admin) run while the pipeline writes; set once, persists in the
    /// file. PostgreSQL has its own concurrency control: nothing to do.
    /// </summary>
    public void EnableWriteAheadLog()
    {
        if (!IsSqlite) return;
        using var db = Open();
        db.Execute("PRAGMA journal_mode=WAL;");
        db.Execute("PRAGMA synchronous=NORMAL;");
    }

    /// <summary>Drops this database's pooled connections, so its file can be replaced or the database dropped.</summary>
    public void ClearPools()
    {
        if (IsSqlite)
        {
            using var sqlite = new SqliteConnection(ConnectionString);
            SqliteConnection.ClearPool(sqlite);
        }
        else
        {
            using var postgres = new NpgsqlConnection(ConnectionString);
            NpgsqlConnection.ClearPool(postgres);
        }
    }
}
