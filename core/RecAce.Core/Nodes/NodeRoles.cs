namespace RecAce.Core.Nodes;

/// <summary>What one node does; a single server has them all.</summary>
[Flags]
public enum NodeRoles
{
    None = 0,

    /// <summary>Adapter plugins run and record calls into the spool.</summary>
    Ingest = 1,

    /// <summary>Quartz jobs execute: finalize, transcribe, analyze, retention, verify, checkpoints.</summary>
    Worker = 2,

    /// <summary>The admin pages and the REST API answer.</summary>
    Web = 4,

    All = Ingest | Worker | Web,
}

/// <summary>Reads <c>RecAce:Node:Roles</c>: <c>all</c> or any of <c>ingest</c>, <c>worker</c>, <c>web</c>, comma-separated.</summary>
public static class NodeRolesParser
{
    public static NodeRoles Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return NodeRoles.All;
        var roles = NodeRoles.None;
        foreach (var part in text.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            roles |= part.ToUpperInvariant() switch
            {
                "ALL" => NodeRoles.All,
                "INGEST" => NodeRoles.Ingest,
                "WORKER" => NodeRoles.Worker,
                "WEB" => NodeRoles.Web,
                _ => throw new InvalidOperationException($"RecAce:Node:Roles names an unknown role '{part}'; use all, or any of ingest, worker, web"),
            };
        }

        return roles == NodeRoles.None ? throw new InvalidOperationException("RecAce:Node:Roles names no role; use all, or any of ingest, worker, web") : roles;
    }

    /// <summary>The roles as configuration writes them, e.g. <c>ingest,web</c>.</summary>
    public static IReadOnlyList<string> Names(NodeRoles roles) =>
        new[] { (NodeRoles.Ingest, "ingest"), (NodeRoles.Worker, "worker"), (NodeRoles.Web, "web") }.Where(r => roles.HasFlag(r.Item1)).Select(r => r.Item2).ToList();
}
