using LinqToDB;
using LinqToDB.Data;
using LinqToDB.DataProvider.SQLite;
using Microsoft.Data.Sqlite;

namespace RecAce.Data;

/// <summary>Opens connections to the embedded SQLite database in WAL mode.</summary>
public sealed class DatabaseFactory
{
    private readonly DataOptions _options;

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
        ConnectionString = builder.ToString();
        _options = new DataOptions().UseSQLite(ConnectionString, SQLiteProvider.Microsoft);
    }

    /// <summary>The ADO.NET connection string (also used by the migrator and Quartz).</summary>
    public string ConnectionString { get; }

    public RecAceDb Open() => new(_options);

    /// <summary>WAL lets readers (the admin) run while the pipeline writes; set once, persists in the file.</summary>
    public void EnableWriteAheadLog()
    {
        using var db = Open();
        db.Execute("PRAGMA journal_mode=WAL;");
        db.Execute("PRAGMA synchronous=NORMAL;");
    }
}
