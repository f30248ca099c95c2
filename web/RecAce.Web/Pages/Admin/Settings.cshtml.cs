using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RecAce.Core;
using RecAce.Core.Plugins;
using RecAce.Plugins;
using RecAce.Web.Settings;

namespace RecAce.Web.Pages.Admin;

/// <summary>Settings (Admin): each adapter's declared settings, storage and retention. Adapter changes apply at the next start.</summary>
public sealed class SettingsModel : PageModel
{
    private readonly PluginRegistry _registry;
    private readonly AdapterSettingsStore _store;
    private readonly RecAceOptions _options;

    public SettingsModel(PluginRegistry registry, AdapterSettingsStore store, RecAceOptions options)
    {
        _registry = registry;
        _store = store;
        _options = options;
    }

    public RecAceOptions Options => _options;
    public IReadOnlyList<AdapterForm> Adapters { get; private set; } = [];
    public string? Done { get; private set; }
    public long? FreeDiskMb { get; private set; }

    public bool Japanese => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ja";

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAdapterAsync(string pluginId, CancellationToken ct)
    {
        if (!_registry.SettingsSchemas().TryGetValue(pluginId ?? "", out var schema)) return NotFound();
        var values = schema.ToDictionary(s => s.Key, s => (string?)Request.Form["s:" + s.Key].ToString(), StringComparer.Ordinal);
        foreach (var s in schema.Where(s => s.Kind == SettingKind.Boolean)) values[s.Key] = Request.Form["s:" + s.Key].Count > 0 ? "true" : "false";
        await _store.SaveAsync(pluginId!, schema, values, User.Identity?.Name ?? "unknown", HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        Done = "Saved. The adapter uses the new settings after the next restart.";
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var forms = new List<AdapterForm>();
        foreach (var (id, schema) in _registry.SettingsSchemas().OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            forms.Add(new AdapterForm(id, schema, await _store.GetAsync(id, ct)));
        }

        Adapters = forms;
        try
        {
            FreeDiskMb = new DriveInfo(Path.GetFullPath(_options.DataDirectory)).AvailableFreeSpace / (1024 * 1024);
        }
        catch (IOException)
        {
            FreeDiskMb = null;
        }
    }

    /// <summary>One adapter's form: its schema and the values saved so far (secrets are never sent to the page).</summary>
    public sealed record AdapterForm(string PluginId, IReadOnlyList<SettingDescriptor> Schema, IReadOnlyDictionary<string, string?> Saved)
    {
        public string? Value(SettingDescriptor s) => s.Secret ? null : Saved.TryGetValue(s.Key, out var v) ? v : null;

        public bool HasSecret(SettingDescriptor s) => s.Secret && Saved.TryGetValue(s.Key, out var v) && v is not null;
    }
}
