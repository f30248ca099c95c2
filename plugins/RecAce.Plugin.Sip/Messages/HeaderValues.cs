namespace RecAce.Plugin.Sip.Messages;

/// <summary>Splits and reads header values: lists, parameters, name-addr forms.</summary>
internal static class HeaderValues
{
    /// <summary>Splits a comma-separated list, ignoring commas inside quotes and angle brackets.</summary>
    public static IEnumerable<string> SplitList(string value)
    {
        var depth = 0;
        var quoted = false;
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '"' && (i == 0 || value[i - 1] != '\\')) quoted = !quoted;
            else if (!quoted && c == '<') depth++;
            else if (!quoted && c == '>' && depth > 0) depth--;
            else if (!quoted && depth == 0 && c == ',')
            {
                var part = value[start..i].Trim();
                if (part.Length > 0) yield return part;
                start = i + 1;
            }
        }

        var last = value[start..].Trim();
        if (last.Length > 0) yield return last;
    }

    /// <summary>A parameter (<c>;name=value</c>) after the URI part of a header value; empty string for a flag.</summary>
    public static string? Parameter(string value, string name)
    {
        var close = value.LastIndexOf('>');
        var parameters = close >= 0 ? value[(close + 1)..] : value[(value.IndexOf(';', StringComparison.Ordinal) is var i and >= 0 ? i : value.Length)..];
        foreach (var p in parameters.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = p.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? p : p[..eq].Trim();
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase)) return eq < 0 ? string.Empty : p[(eq + 1)..].Trim().Trim('"');
        }

        return null;
    }
}
