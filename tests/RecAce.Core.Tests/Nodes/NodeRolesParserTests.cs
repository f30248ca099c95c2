using RecAce.Core.Nodes;

namespace RecAce.Core.Tests.Nodes;

public sealed class NodeRolesParserTests
{
    [Theory]
    [InlineData(null, NodeRoles.All)]
    [InlineData("", NodeRoles.All)]
    [InlineData("all", NodeRoles.All)]
    [InlineData("ingest,web", NodeRoles.Ingest | NodeRoles.Web)]
    [InlineData(" Worker ", NodeRoles.Worker)]
    [InlineData("ingest; worker web", NodeRoles.All)]
    public void Parse_ValidRoles_GivesThoseRoles(string? text, NodeRoles expected) => Assert.Equal(expected, NodeRolesParser.Parse(text));

    [Theory]
    [InlineData("ingest,recorder")]
    [InlineData(",")]
    public void Parse_UnknownOrNoRole_ThrowsNamingTheChoices(string text)
    {
        var e = Assert.Throws<InvalidOperationException>(() => NodeRolesParser.Parse(text));
        Assert.Contains("ingest, worker, web", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_IngestAndWeb_InConfigurationOrder() =>
        Assert.Equal(["ingest", "web"], NodeRolesParser.Names(NodeRoles.Web | NodeRoles.Ingest));

    [Fact]
    public void EffectiveId_NotConfigured_IsTheMachineName() =>
        Assert.Equal(Environment.MachineName, new NodeOptions().EffectiveId);
}
