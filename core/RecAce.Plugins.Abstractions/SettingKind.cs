namespace RecAce.Plugins;

/// <summary>The type of an adapter setting's value.</summary>
public enum SettingKind
{
    /// <summary>Free text.</summary>
    Text = 0,

    /// <summary>A whole number (invariant culture).</summary>
    WholeNumber = 1,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean = 2,

    /// <summary>A folder or file path on the server.</summary>
    Path = 3,
}
