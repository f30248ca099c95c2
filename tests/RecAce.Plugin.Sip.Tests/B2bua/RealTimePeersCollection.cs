namespace RecAce.Plugin.Sip.Tests.B2bua;

/// <summary>
/// The in-line recorder's real-peer scenarios stream RTP in real time through the relay and check what
/// each side heard; they run on their own, after the parallel tests of this assembly, so that two cores
/// are not shared with other peers while they do.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealTimePeersCollection
{
    public const string Name = "Real-time peers";
}
