namespace RecAce.Plugin.Sip.Messages;

/// <summary>A name-addr or addr-spec header value (From, To, Contact, P-Asserted-Identity, Diversion).</summary>
internal sealed record NameAddress(string? DisplayName, string Uri, string? Tag)
{
    /// <summary>The user part of a sip:, sips: or tel: URI, without parameters; null when absent.</summary>
    public string? User
    {
        get
        {
            var colon = Uri.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) return null;
            var rest = Uri[(colon + 1)..];
            var at = rest.IndexOf('@', StringComparison.Ordinal);
            var user = at >= 0 ? rest[..at] : Uri.StartsWith("tel:", StringComparison.OrdinalIgnoreCase) ? rest : null;
            if (user is null) return null;
            var semi = user.IndexOf(';', StringComparison.Ordinal);
            user = semi >= 0 ? user[..semi] : user;
            return user.Length == 0 ? null : System.Uri.UnescapeDataString(user);
        }
    }

    public static NameAddress? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        value = value.Trim();
        var open = value.IndexOf('<', StringComparison.Ordinal);
        if (open >= 0)
        {
            var close = value.IndexOf('>', open);
            if (close < 0) return null;
            var display = value[..open].Trim().Trim('"').Trim();
            return new NameAddress(display.Length == 0 ? null : display, value[(open + 1)..close].Trim(), HeaderValues.Parameter(value, "tag"));
        }

        // addr-spec: parameters after the URI belong to the header, not the URI.
        var semi = value.IndexOf(';', StringComparison.Ordinal);
        var uri = semi >= 0 ? value[..semi] : value;
        return new NameAddress(null, uri.Trim(), HeaderValues.Parameter(value, "tag"));
    }
}
