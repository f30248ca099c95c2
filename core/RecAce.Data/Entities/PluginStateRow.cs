using LinqToDB.Mapping;

namespace RecAce.Data.Entities;

/// <summary>The last known state of a plugin, kept across restarts for the admin.</summary>
[Table("plugin_states")]
public sealed class PluginStateRow
{
    [PrimaryKey, Column("plugin_id")] public string PluginId { get; set; } = "";
    [Column("state"), NotNull] public string State { get; set; } = "";
    [Column("version")] public string? Version { get; set; }
    [Column("message")] public string? Message { get; set; }
    [Column("fault_count")] public int FaultCount { get; set; }
    [Column("updated_at")] public long UpdatedAtMs { get; set; }
}
