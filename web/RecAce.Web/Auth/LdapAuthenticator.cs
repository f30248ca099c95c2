using System.DirectoryServices.Protocols;
using System.Net;
using System.Text;

namespace RecAce.Web.Auth;

/// <summary>Checks a password against the directory and maps the user's groups to a RecAce role.</summary>
public sealed class LdapAuthenticator
{
    private readonly LdapOptions _options;
    private readonly ILogger<LdapAuthenticator> _logger;

    public LdapAuthenticator(LdapOptions options, ILogger<LdapAuthenticator> logger)
    {
        _options = options;
        _logger = logger;
    }

    public bool Enabled => _options.Enabled;

    /// <returns>The role and extensions, or null when the password is wrong, the user unknown or in no mapped group.</returns>
    public Task<(string Role, string? Extensions)?> AuthenticateAsync(string userName, string password, CancellationToken ct) =>
        // The protocol library is synchronous: keep it off the request thread.
        Task.Run(() => Authenticate(userName, password), ct);

    private (string Role, string? Extensions)? Authenticate(string userName, string password)
    {
        // An empty password is an anonymous bind to LDAP, which "succeeds": refuse it first.
        if (!_options.Enabled || string.IsNullOrEmpty(password) || string.IsNullOrWhiteSpace(userName)) return null;
        try
        {
            using var service = Connect(_options.BindDn is null ? null : new NetworkCredential(_options.BindDn, _options.BindPassword));
            var filter = string.Format(System.Globalization.CultureInfo.InvariantCulture, _options.UserFilter, Escape(userName.Trim()));
            var attributes = _options.ExtensionAttribute is null ? new[] { "dn" } : new[] { "dn", _options.ExtensionAttribute };
            var found = (SearchResponse)service.SendRequest(new SearchRequest(_options.BaseDn, filter, SearchScope.Subtree, attributes));
            if (found.Entries.Count != 1) return null;
            var entry = found.Entries[0];

            using (Connect(new NetworkCredential(entry.DistinguishedName, password)))
            {
                // Bound as the user: the password is right.
            }

            var groupFilter = string.Format(System.Globalization.CultureInfo.InvariantCulture, _options.GroupFilter, Escape(entry.DistinguishedName));
            var groups = (SearchResponse)service.SendRequest(new SearchRequest(_options.GroupBaseDn ?? _options.BaseDn, groupFilter, SearchScope.Subtree, "cn"));
            var role = StrongestRole(groups.Entries.Cast<SearchResultEntry>());
            if (role is null) return null;
            string? extensions = null;
            if (_options.ExtensionAttribute is { } attr && entry.Attributes.Contains(attr))
            {
                extensions = string.Join(",", entry.Attributes[attr].GetValues(typeof(string)).Cast<string>());
            }

            return (role, extensions);
        }
        catch (LdapException e)
        {
            // Wrong password is "invalid credentials" (49): not worth a warning. Never log the password.
            if (e.ErrorCode != 49) _logger.LogWarning("LDAP sign-in for {User} failed: {Message}", userName, e.Message);
            return null;
        }
        catch (DirectoryOperationException e)
        {
            _logger.LogWarning("LDAP search for {User} failed: {Message}", userName, e.Message);
            return null;
        }
    }

    private LdapConnection Connect(NetworkCredential? credential)
    {
        var connection = new LdapConnection(new LdapDirectoryIdentifier(_options.Host, _options.Port)) { AuthType = credential is null ? AuthType.Anonymous : AuthType.Basic };
        connection.SessionOptions.ProtocolVersion = 3;
        connection.SessionOptions.SecureSocketLayer = _options.UseSsl;
        connection.Timeout = TimeSpan.FromSeconds(10);
        if (_options.StartTls) connection.SessionOptions.StartTransportLayerSecurity(null);
        if (credential is null) connection.Bind();
        else connection.Bind(credential);
        return connection;
    }

    private string? StrongestRole(IEnumerable<SearchResultEntry> groups)
    {
        var roles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var g in groups)
        {
            var cn = g.Attributes.Contains("cn") ? g.Attributes["cn"][0] as string : null;
            if (_options.GroupRoles.TryGetValue(g.DistinguishedName, out var r) || (cn is not null && _options.GroupRoles.TryGetValue(cn, out r)))
            {
                if (Roles.Parse(r) is { } parsed) roles.Add(parsed);
            }
        }

        return Roles.All.FirstOrDefault(roles.Contains);
    }

    /// <summary>RFC 4515 escaping: a user name must not change the filter.</summary>
    internal static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '\\' or '*' or '(' or ')' or '\0') sb.Append('\\').Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            else sb.Append(c);
        }

        return sb.ToString();
    }
}
