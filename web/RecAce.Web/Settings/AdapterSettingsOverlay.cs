using Microsoft.Data.Sqlite;

namespace RecAce.Web.Settings;

/// <summary>
/// At start, lays the adapter settings saved in the admin over the configuration as
/// <c>Plugins:&lt;id&gt;:&lt;key&gt;</c>: what an administrator saved wins over appsettings.json and
/// environment variables. Read straight from the database file, before the host is built.
/// </summary>
internal static class AdapterSettingsOverlay
{
    public static void Apply(ConfigurationManager configuration)
    {
        var dataDirectory = Path.GetFullPath(configuration["RecAce:DataDirectory"] ?? "./data");
        var file = Path.Combine(dataDirectory, "recace.db");
        if (!File.Exists(file)) return;
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        {
            connection.Open();
            using var exists = connection.CreateCommand();
            exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'adapter_settings'";
            if (Convert.ToInt64(exists.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0) return;
            using var read = connection.CreateCommand();
            read.CommandText = "SELECT plugin_id, key, value FROM adapter_settings";
            using var reader = read.ExecuteReader();
            while (reader.Read()) values[$"Plugins:{reader.GetString(0)}:{reader.GetString(1)}"] = reader.IsDBNull(2) ? null : reader.GetString(2);
        }

        if (values.Count > 0) configuration.AddInMemoryCollection(values);
    }
}
