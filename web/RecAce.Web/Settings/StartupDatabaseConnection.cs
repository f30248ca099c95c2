using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using RecAce.Data;

namespace RecAce.Web.Settings;

/// <summary>
/// A plain ADO.NET connection for what must be read from the database before the host (and its
/// DatabaseFactory) is built: settings and routes saved in the admin, laid over the configuration.
/// </summary>
internal static class StartupDatabaseConnection
{
    /// <summary>An open connection, or null while there is no database yet (no SQLite file, or no connection string: the host's start reports that).</summary>
    public static DbConnection? TryOpen(string dataDirectory, DatabaseOptions database)
    {
        DbConnection connection;
        if (DatabaseFactory.ParseProvider(database.Provider) == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(database.ConnectionString)) return null;
            connection = new NpgsqlConnection(database.ConnectionString);
        }
        else
        {
            var file = Path.Combine(dataDirectory, "recace.db");
            if (!File.Exists(file)) return null;
            connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 30 }.ToString());
        }

        connection.Open();
        return connection;
    }

    /// <summary>Whether a table exists: before the migration that makes it, there is nothing saved to read.</summary>
    public static bool TableExists(DbConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = connection is NpgsqlConnection
            ? "SELECT count(*) FROM pg_class WHERE oid = to_regclass(@name)"
            : "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = @name";
        var name = command.CreateParameter();
        name.ParameterName = "@name";
        name.Value = table;
        command.Parameters.Add(name);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }
}
