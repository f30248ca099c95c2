using LinqToDB;
using LinqToDB.Async;
using RecAce.Core.Audit;
using RecAce.Data;
using RecAce.Data.Entities;
using RecAce.Plugins;

namespace RecAce.Web.Settings;

/// <summary>
/// Adapter settings saved in the admin (table <c>adapter_settings</c>). They take effect at the next
/// start, laid over <c>Plugins:&lt;id&gt;:*</c> (<see cref="AdapterSettingsOverlay"/>). Secret values are
/// audited as "changed", never with their value.
/// </summary>
public sealed class AdapterSettingsStore
{
    private readonly DatabaseFactory _db;
    private readonly AuditLog _audit;
    private readonly TimeProvider _time;

    public AdapterSettingsStore(DatabaseFactory db, AuditLog audit, TimeProvider time)
    {
        _db = db;
        _audit = audit;
        _time = time;
    }

    public async Task<IReadOnlyDictionary<string, string?>> GetAsync(string pluginId, CancellationToken ct)
    {
        using var db = _db.Open();
        return (await db.AdapterSettings.Where(s => s.PluginId == pluginId).ToListAsync(ct)).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
    }

    /// <summary>Saves the values given; an empty secret keeps the stored one (the form never shows it).</summary>
    public async Task SaveAsync(string pluginId, IReadOnlyList<SettingDescriptor> schema, IReadOnlyDictionary<string, string?> values, string actor, string? remote, CancellationToken ct)
    {
        var changed = new List<string>();
        using (var db = _db.Open())
        {
            foreach (var setting in schema)
            {
                if (!values.TryGetValue(setting.Key, out var value)) continue;
                value = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
                if (setting.Secret && value is null) continue;
                var current = await db.AdapterSettings.FirstOrDefaultAsync(s => s.PluginId == pluginId && s.Key == setting.Key, ct);
                if (current?.Value == value) continue;
                await db.InsertOrReplaceAsync(new AdapterSettingRow { PluginId = pluginId, Key = setting.Key, Value = value, UpdatedBy = actor, UpdatedAtMs = _time.GetUtcNow().ToUnixTimeMilliseconds() }, token: ct);
                changed.Add(setting.Secret ? $"{setting.Key}=(secret changed)" : $"{setting.Key}={value}");
            }
        }

        if (changed.Count > 0) await _audit.WriteAsync(actor, "setting.change", "Plugins:" + pluginId, string.Join("; ", changed), remote, ct);
    }
}
