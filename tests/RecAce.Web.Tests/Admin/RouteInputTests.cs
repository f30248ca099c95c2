using RecAce.Web.Inline;

namespace RecAce.Web.Tests.Admin;

/// <summary>
/// The route form's target check: what the SIP plugin can dial (an IP address, an optional user and
/// port, parameters after ';'), with <c>{number}</c> standing for the called number.
/// </summary>
public sealed class RouteInputTests
{
    [Theory]
    [InlineData("sip:200@192.0.2.20:5060")]
    [InlineData("sip:192.0.2.20")]
    [InlineData("SIP:{number}@192.0.2.20;transport=udp")]
    [InlineData("sip:200@[2001:db8::1]:5070")]
    [InlineData("sip:200@[2001:db8::1]")]
    public void Validate_DiallableTarget_NoTargetError(string target)
    {
        Assert.DoesNotContain(nameof(RouteInput.Target), Connect(target).Validate(_ => true).Keys);
    }

    [Theory]
    [InlineData("http://192.0.2.20")]
    [InlineData("sip:200@pbx.example.jp")]
    [InlineData("sip:200@192.0.2.20:0")]
    [InlineData("sip:200@192.0.2.20:65536")]
    [InlineData("sip:200@192.0.2.20:")]
    [InlineData("sip:200@[2001:db8::1")]
    [InlineData("sip:200@[2001:db8::1]5060")]
    public void Validate_TargetThePluginCannotDial_RouteTargetInvalid(string target)
    {
        Assert.Equal("RouteTargetInvalid", Connect(target).Validate(_ => true)[nameof(RouteInput.Target)]);
    }

    private static RouteInput Connect(string target) => new() { Match = "^0120$", Action = "connect", Target = target };
}
