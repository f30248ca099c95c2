namespace RecAce.Core.Harassment;

/// <summary>
/// The department of a staff extension, from <c>RecAce:Departments</c>: keys are an extension
/// ("201") or a prefix ending in * ("2*"); an exact key wins, then the longest prefix. RecAce had
/// no department concept before; this mapping is the whole of it.
/// </summary>
public sealed class DepartmentMap
{
    public const string SectionName = "RecAce:Departments";
    public const string Unknown = "(未設定)";
    private readonly Dictionary<string, string> _exact = new(StringComparer.Ordinal);
    private readonly List<(string Prefix, string Name)> _prefixes = [];

    public DepartmentMap(IReadOnlyDictionary<string, string>? map)
    {
        foreach (var (key, name) in map ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrWhiteSpace(key) || string.IsNullOrWhiteSpace(name)) continue;
            if (key.EndsWith('*')) _prefixes.Add((key.TrimEnd('*').Trim(), name.Trim()));
            else _exact[key.Trim()] = name.Trim();
        }

        _prefixes.Sort((a, b) => b.Prefix.Length.CompareTo(a.Prefix.Length));
    }

    public string For(string? extension)
    {
        if (string.IsNullOrWhiteSpace(extension)) return Unknown;
        if (_exact.TryGetValue(extension, out var name)) return name;
        foreach (var (prefix, n) in _prefixes)
        {
            if (extension.StartsWith(prefix, StringComparison.Ordinal)) return n;
        }

        return Unknown;
    }
}
