using System.Globalization;

namespace RecAce.Web.Inline;

/// <summary>
/// The routes from the configuration (<c>Plugins:Sip:Routes</c>), read-only in the admin, each with
/// the configuration source that set it (appsettings.json, environment, ...).
/// </summary>
public sealed class ConfiguredRoutes
{
    private readonly IConfiguration _configuration;

    public ConfiguredRoutes(IConfiguration configuration) => _configuration = configuration;

    public IReadOnlyList<ConfiguredRoute> List()
    {
        var routes = new List<ConfiguredRoute>();
        for (var i = 0; i < 256; i++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"Plugins:Sip:Routes:{i}:");
            var match = _configuration[prefix + "Match"];
            if (string.IsNullOrWhiteSpace(match)) break;
            routes.Add(new ConfiguredRoute(match, _configuration[prefix + "Source"], _configuration[prefix + "Action"] ?? "connect",
                _configuration[prefix + "Target"], _configuration[prefix + "Announcement"], _configuration[prefix + "Record"] ?? "true",
                _configuration[prefix + "BeepIntervalSeconds"] ?? "0", SourceOf(prefix + "Match")));
        }

        return routes;
    }

    /// <summary>Whether a configuration route plays this file (then the uploaded announcement must not be deleted).</summary>
    public bool UsesFile(string path) => List().Any(r => r.Announcement is { } a && Path.IsPathRooted(a)
        && string.Equals(Path.GetFullPath(a), Path.GetFullPath(path), StringComparison.Ordinal));

    /// <summary>The last provider that sets the key is the one that wins.</summary>
    private string SourceOf(string key)
    {
        if (_configuration is not IConfigurationRoot root) return "configuration";
        foreach (var provider in root.Providers.Reverse())
        {
            if (!provider.TryGet(key, out _)) continue;
            return provider switch
            {
                Microsoft.Extensions.Configuration.Json.JsonConfigurationProvider json => Path.GetFileName(json.Source.Path ?? "json"),
                Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationProvider => "environment",
                Microsoft.Extensions.Configuration.CommandLine.CommandLineConfigurationProvider => "command line",
                _ => provider.GetType().Name.Replace("ConfigurationProvider", "", StringComparison.Ordinal),
            };
        }

        return "configuration";
    }
}

/// <summary>One configuration route as shown in the admin.</summary>
public sealed record ConfiguredRoute(string Match, string? Source, string Action, string? Target, string? Announcement, string Record, string BeepIntervalSeconds, string From);
