namespace RecAce.Web.Hosting;

/// <summary>The plugin states as the admin and /healthz show them.</summary>
public sealed class PluginStatusView
{
    private readonly Func<IReadOnlyList<PluginStatusLine>> _source;

    public PluginStatusView(Func<IReadOnlyList<PluginStatusLine>> source) => _source = source;

    public IReadOnlyList<PluginStatusLine> Lines() => _source();
}

/// <summary>One plugin's state.</summary>
public sealed record PluginStatusLine(string Id, string? Version, string State, string? Message, int FaultCount, DateTimeOffset? NextRestartAt);
