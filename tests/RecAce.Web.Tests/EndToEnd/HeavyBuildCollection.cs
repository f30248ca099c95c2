namespace RecAce.Web.Tests.EndToEnd;

/// <summary>
/// Tests that publish or pack the whole product (the .deb, the plugin template) load both cores for
/// minutes; they run on their own, after the rest, so timing-sensitive end-to-end tests never share
/// the machine with them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeavyBuildCollection
{
    public const string Name = "Heavy builds";
}
