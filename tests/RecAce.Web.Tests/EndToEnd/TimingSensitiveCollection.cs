namespace RecAce.Web.Tests.EndToEnd;

/// <summary>
/// Real peers streaming RTP in real time (sipp, tcpreplay) against a freshly started host, whose
/// assertions hold durations to 0.2 s and audio to a correlation of 0.9. Run beside the tests that make
/// long calls with ffmpeg (signals, disclosure, evidence), two cores were shared four ways and the RTP
/// arrived late; this collection runs on its own, after the parallel tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitiveCollection
{
    public const string Name = "Timing-sensitive real peers";
}
