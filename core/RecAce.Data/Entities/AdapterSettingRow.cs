using LinqToDB.Mapping;

namespace RecAce.Data.Entities;

/// <summary>One adapter setting saved in the admin; applied over configuration at the next start.</summary>
[Table("adapter_settings")]
public sealed class AdapterSettingRow
{
    [PrimaryKey(0), Column("plugin_id")] public string PluginId { get; set; } = "";
    [PrimaryKey(1), Column("key")] public string Key { get; set; } = "";
    [Column("value")] public string? Value { get; set; }
    [Column("updated_by"), NotNull] public string UpdatedBy { get; set; } = "";
    [Column("updated_at")] public long UpdatedAtMs { get; set; }
}
