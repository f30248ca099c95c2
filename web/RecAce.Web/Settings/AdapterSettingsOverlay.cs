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
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        using (var connection = StartupDatabaseConnection.TryOpen(dataDirectory, database))
        {
            if (connection is null || !StartupDatabaseConnection.TableExists(connection, "adapter_settings")) return;
            using var read = connection.CreateCommand();
            read.CommandText = "SELECT plugin_id, key, value FROM adapter_settings";
            using var reader = read.ExecuteReader();
            while (reader.Read()) values[$"Plugins:{reader.GetString(0)}:{reader.GetString(1)}"] = reader.IsDBNull(2) ? null : reader.GetString(2);
        }

        if (values.Count > 0) configuration.AddInMemoryCollection(values);
    }
}
