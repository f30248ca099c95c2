using System.Net;
using RecAce.Plugin.Sip.Rtp;

namespace RecAce.Plugin.Sip.Tests.Rtp;

public sealed class RtpSourceTests
{
    [Theory]
    [InlineData("192.0.2.10", "192.0.2.10", true)]
    [InlineData("192.0.2.10", "192.0.2.11", false)]
    [InlineData("::ffff:192.0.2.10", "192.0.2.10", true)]
    [InlineData("192.0.2.10", "::ffff:192.0.2.10", true)]
    [InlineData("::ffff:192.0.2.10", "192.0.2.11", false)]
    [InlineData("2001:db8::5", "2001:db8::5", true)]
    [InlineData("2001:db8::5", "2001:db8::6", false)]
    [InlineData("2001:db8::5", "192.0.2.10", false)]
    public void IsAllowed_SourceAgainstOneAddress_MatchesOnlyTheSameHost(string source, string allowed, bool expected)
    {
        var address = new IPEndPoint(IPAddress.Parse(source), 40000).Serialize();

        Assert.Equal(expected, RtpSource.IsAllowed(address, [IPAddress.Parse("198.51.100.1"), IPAddress.Parse(allowed)]));
    }

    [Fact]
    public void IsAllowed_NoAllowedAddresses_IsFalse()
    {
        Assert.False(RtpSource.IsAllowed(new IPEndPoint(IPAddress.Loopback, 40000).Serialize(), []));
    }
}
