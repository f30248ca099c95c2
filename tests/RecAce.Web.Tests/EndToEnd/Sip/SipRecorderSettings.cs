using System.Globalization;

namespace RecAce.Web.Tests.EndToEnd.Sip;

/// <summary>The host's settings for the Sip plugin recording on 127.0.0.1, on a SIP port and an RTP port range of the test's own.</summary>
internal static class SipRecorderSettings
{
    /// <summary>An even RTP base port picked at random, so tests of several people on one machine rarely share a range.</summary>
    public static int RandomRtpBase() => 42000 + (2 * Random.Shared.Next(0, 3000));

    /// <param name="rtpTimeoutSeconds">How long a leg may stay silent before the recorder ends the call.</param>
    public static Dictionary<string, string> For(string dataDirectory, int sipPort, int rtpBase, int rtpTimeoutSeconds) => new()
    {
        ["RecAce:DataDirectory"] = dataDirectory,
        ["Plugins:Sip:Enabled"] = "true",
        ["Plugins:Sip:Listen"] = "127.0.0.1",
        ["Plugins:Sip:Port"] = sipPort.ToString(CultureInfo.InvariantCulture),
        ["Plugins:Sip:RtpPortMin"] = rtpBase.ToString(CultureInfo.InvariantCulture),
        ["Plugins:Sip:RtpPortMax"] = (rtpBase + 200).ToString(CultureInfo.InvariantCulture),
        ["Plugins:Sip:RtpTimeoutSeconds"] = rtpTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
    };
}
