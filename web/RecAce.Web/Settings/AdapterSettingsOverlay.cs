using Microsoft.Data.Sqlite;
using Npgsql;
using RecAce.Data;

namespace RecAce.Web.Settings;

/// <summary>
/// At start, lays the adapter settings saved in the admin over the configuration as
/// <c>Plugins:&lt;id&gt;:&lt;key&gt;</c>: what an administrator saved wins over appsettings.json and
/// environment variables. Read straight from the database (SQLite file or PostgreSQL), before the host is built.
/// </summary>
internal static class AdapterSettingsOverlay
{
    public static void Apply(ConfigurationManager configuration)
    {
        var dataDirectory = Path.GetFullPath(configuration["RecAce:DataDirectory"] ?? "./data");
        var database = configuration.GetSection("RecAce:Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        var values = DatabaseFactory.ParseProvider(database.Provider) == DatabaseProvider.Postgres
            ? ReadPostgres(database.ConnectionString)
            : ReadSqlite(Path.Combine(dataDirectory, "recace.db"));
        if (values.Count > 0) configuration.AddInMemoryCollection(values);
    }

    private static Dictionary<string, string?> ReadSqlite(string file)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(file)) return values;
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        {
            connection.Open();
            using var exists = connection.CreateCommand();
            exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'adapter_settings'";
            if (Convert.ToInt64(exists.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0) return values;
            using var read = connection.CreateCommand();
            read.CommandText = "SELECT plugin_id, key, value FROM adapter_settings";
            using var reader = read.ExecuteReader();
            while (reader.Read()) values[$"Plugins:{reader.GetString(0)}:{reader.GetString(1)}"] = reader.IsDBNull(2) ? null : reader.GetString(2);
        }

        return values;
    }

    /// <summary>Before the first migration the table is not there yet: nothing to lay over.</summary>
    private static Dictionary<string, string?> ReadPostgres(string? connectionString)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(connectionString)) return values; // the host's start reports the missing string
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT to_regclass('adapter_settings') IS NOT NULL";
        if (exists.ExecuteScalar() is not true) return values;
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT plugin_id, key, value FROM adapter_settings";
        using var reader = read.ExecuteReader();
        while (reader.Read()) values[$"Plugins:{reader.GetString(0)}:{reader.GetString(1)}"] = reader.IsDBNull(2) ? null : reader.GetString(2);
        return values;
    }
}
