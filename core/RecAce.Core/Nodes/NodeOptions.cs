namespace RecAce.Core.Nodes;

/// <summary>The <c>RecAce:Node</c> section: what this node does when several share one database.</summary>
public sealed class NodeOptions
{
    /// <summary>
    /// Comma-separated roles: <c>ingest</c> (adapters record calls), <c>worker</c> (jobs run: finalize,
    /// transcribe, analyze, retention, verify), <c>web</c> (admin and API), or <c>all</c>. Default <c>all</c>.
    /// </summary>
    public string Roles { get; set; } = "all";

    /// <summary>This node's name in health, logs and the job cluster. Default the machine name.</summary>
    public string? Id { get; set; }

    /// <summary>How often a worker tells the job cluster it is alive, in seconds; a node silent for twice this is presumed dead and its running jobs are recovered by another. Default 7.5.</summary>
    public double ClusterCheckinSeconds { get; set; } = 7.5;

    /// <summary>The parsed <see cref="Roles"/>.</summary>
    /// <exception cref="InvalidOperationException">An unknown role is named, or none.</exception>
    public NodeRoles ParsedRoles => NodeRolesParser.Parse(Roles);

    /// <summary><see cref="Id"/> or the machine name.</summary>
    public string EffectiveId => string.IsNullOrWhiteSpace(Id) ? Environment.MachineName : Id.Trim();
}
