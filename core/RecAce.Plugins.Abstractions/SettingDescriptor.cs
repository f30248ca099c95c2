namespace RecAce.Plugins;

/// <summary>One setting an adapter declares (see <see cref="IConfigurableAdapter"/>).</summary>
/// <param name="Key">The key under <c>Plugins:&lt;id&gt;</c>, e.g. <c>Port</c> or <c>Sip:Transport</c>; letters, digits, ':' and '_' only.</param>
/// <param name="LabelJa">The label shown in Japanese (the admin's default language).</param>
/// <param name="LabelEn">The label shown in English.</param>
/// <param name="Kind">How the value is entered and checked.</param>
/// <param name="DefaultValue">The value used when none is configured, as the configuration text; null for none.</param>
/// <param name="Required">True when the adapter cannot start without a value.</param>
/// <param name="Secret">True for passwords and keys: the admin never shows the stored value again and never logs it.</param>
public sealed record SettingDescriptor(
    string Key,
    string LabelJa,
    string LabelEn,
    SettingKind Kind,
    string? DefaultValue = null,
    bool Required = false,
    bool Secret = false);
