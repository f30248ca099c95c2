namespace RecAce.Plugins;

/// <summary>
/// Optional: an adapter that declares its settings, so the admin can show a form for them. The
/// host saves what an administrator enters and applies it over the configuration section
/// <c>Plugins:&lt;id&gt;</c> at the next start; the adapter keeps reading its settings from
/// <see cref="IAdapterContext"/>'s configuration as before.
/// </summary>
/// <remarks>Read once after the plugin is loaded, from any thread; return the same list every time.</remarks>
public interface IConfigurableAdapter
{
    /// <summary>The settings the adapter reads, in the order the admin shows them.</summary>
    IReadOnlyList<SettingDescriptor> Settings { get; }
}
