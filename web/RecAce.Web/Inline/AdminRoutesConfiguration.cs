using System.Data.Common;
using System.Globalization;
using RecAce.Data;
using RecAce.Web.Settings;

namespace RecAce.Web.Inline;

/// <summary>
/// Lays the in-line recorder routes saved in the admin over the configuration as
/// <c>Plugins:Sip:AdminRoutes:&lt;n&gt;:*</c>. The Sip plugin reads them with its configuration
/// routes and watches the configuration's reload token, so a saved change takes effect on the
/// next INVITE without a restart; the plugin never talks to the database itself.
/// </summary>
internal sealed class AdminRoutesConfigurationSource : IConfigurationSource
{
    public AdminRoutesConfigurationSource(string dataDirectory, DatabaseOptions database) => Provider = new AdminRoutesConfigurationProvider(dataDirectory, database);

    public AdminRoutesConfigurationProvider Provider { get; }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => Provider;
}

/// <summary>Reads <c>sip_routes</c> straight from the database (SQLite file or PostgreSQL; at start, before the host is built, and after each change).</summary>
public sealed class AdminRoutesConfigurationProvider : ConfigurationProvider
{
    public const string Prefix = "Plugins:Sip:AdminRoutes";
    private readonly string _dataDirectory;
    private readonly DatabaseOptions _database;

    public AdminRoutesConfigurationProvider(string dataDirectory, DatabaseOptions database)
    {
        _dataDirectory = dataDirectory;
        _database = database;
    }

    /// <summary>Why the saved routes could not be read the last time; null when they were.</summary>
    public string? Problem { get; private set; }

    /// <summary>Where uploaded announcements are kept.</summary>
    public string AnnouncementDirectory => Path.Combine(_dataDirectory, "announcements");

    /// <summary>Reads the saved routes again and tells the configuration's listeners (the Sip plugin).</summary>
    public void Reload()
    {
        Load();
        OnReload();
    }

    public override void Load()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        try
        {
            using var connection = StartupDatabaseConnection.TryOpen(_dataDirectory, _database);
            if (connection is not null) Read(connection, data);
            Problem = null;
        }
        catch (DbException ex)
        {
            // The routes from the configuration files still apply; the admin page shows why these do not.
            Problem = ex.Message;
        }

        Data = data;
    }

    private void Read(DbConnection connection, Dictionary<string, string?> data)
    {
        if (!StartupDatabaseConnection.TableExists(connection, "sip_routes")) return;
        using var read = connection.CreateCommand();
        read.CommandText = """
            SELECT r.match, r.source, r.action, r.target, a.file_name, r.record, r.early_media, r.beep_interval_seconds, r.ring_timeout_seconds
            FROM sip_routes r LEFT JOIN announcements a ON a.id = r.announcement_id
            ORDER BY r.position, r.id
            """;
        using var reader = read.ExecuteReader();
        for (var i = 0; reader.Read(); i++)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"{Prefix}:{i}:");
            data[key + "Match"] = reader.GetString(0);
            data[key + "Source"] = reader.IsDBNull(1) ? null : reader.GetString(1);
            data[key + "Action"] = reader.GetString(2);
            data[key + "Target"] = reader.IsDBNull(3) ? null : reader.GetString(3);
            data[key + "Announcement"] = reader.IsDBNull(4) ? null : Path.Combine(AnnouncementDirectory, reader.GetString(4));
            data[key + "Record"] = reader.GetBoolean(5) ? "true" : "false";
            data[key + "EarlyMedia"] = reader.GetBoolean(6) ? "true" : "false";
            data[key + "BeepIntervalSeconds"] = reader.GetInt32(7).ToString(CultureInfo.InvariantCulture);
            data[key + "RingTimeoutSeconds"] = reader.GetInt32(8).ToString(CultureInfo.InvariantCulture);
        }
    }
}
