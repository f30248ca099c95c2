using System.Globalization;
using System.Net;
using RecAce.Plugin.Sip.Tests.B2bua;
using RecAce.Web.Tests.Admin;

namespace RecAce.Web.Tests.EndToEnd.Sip;

/// <summary>
/// The real host running the Sip plugin with no configured routes: a route saved in the admin page
/// while it runs takes the next INVITE (the plugin follows the configuration's reload token), and
/// deleting it gives the INVITE back to the passive recorder — no restart in between.
/// </summary>
[Trait("Category", "RealPeer")]
[Collection(TimingSensitiveCollection.Name)]
public sealed class B2buaAdminRouteTests : IDisposable
{
    private const string Password = "correct horse battery";
    private readonly TempDirectory _temp = new("recace-b2bua-admin");

    [Fact]
    public async Task AdminRoute_SavedWhileRunning_NextInviteRelayedToTargetWithoutRestart()
    {
        var sipPort = SipRealPeerTests.FreeSipPort();
        var calleePort = Sipp.FreeUdpPort();
        var rtpBase = 46000 + (2 * Random.Shared.Next(0, 2000));
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["RecAce:DataDirectory"] = _temp.Combine("data"),
            ["Plugins:Sip:Enabled"] = "true",
            ["Plugins:Sip:Listen"] = "127.0.0.1",
            ["Plugins:Sip:Port"] = sipPort.ToString(CultureInfo.InvariantCulture),
            ["Plugins:Sip:Tcp"] = "false",
            ["Plugins:Sip:RtpPortMin"] = rtpBase.ToString(CultureInfo.InvariantCulture),
            ["Plugins:Sip:RtpPortMax"] = (rtpBase + 40).ToString(CultureInfo.InvariantCulture),
        });
        using var admin = await SignedInAdminAsync(host);
        // /healthz answers before the plugins have started: wait for the listener itself.
        var ready = DateTime.UtcNow.AddSeconds(30);
        while (!host.Log.Contains("SIP recorder listening", StringComparison.Ordinal) && DateTime.UtcNow < ready) await Task.Delay(100);

        var page = await admin.GetStringAsync(new Uri("/Admin/Routes", UriKind.Relative));
        var saved = await admin.PostAsync(new Uri("/Admin/Routes?handler=Save", UriKind.Relative), TestAccounts.Form(page,
            ("Input.Match", "^0120$"), ("Input.Action", "connect"), ("Input.Target", $"sip:staff@127.0.0.1:{calleePort}"),
            ("Input.Record", "true"), ("Input.RingTimeoutSeconds", "20")));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        // The next INVITE to 0120 is relayed to the callee (a passive recorder would answer it itself).
        using (var callee = Sipp.Start(_temp.Path, B2buaScenarios.Callee(40102, "0 101"), calleePort, null))
        {
            await Task.Delay(300);
            using var caller = Sipp.Start(_temp.Path, B2buaScenarios.Caller(40100, "0 101", talkMs: 1000), Sipp.FreeUdpPort(), $"127.0.0.1:{sipPort}");
            var (code, output) = await caller.WaitAsync(TimeSpan.FromSeconds(30));
            var (calleeCode, calleeOutput) = await callee.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(code == 0 && calleeCode == 0, $"{output}\n{calleeOutput}\n--- host ---\n{host.Log}");
        }

        Assert.Contains("routes changed, 1 routes in force", host.Log, StringComparison.Ordinal);
    }

    private static async Task<HttpClient> SignedInAdminAsync(HostProcess host)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var setup = await client.GetStringAsync(new Uri("/Setup", UriKind.Relative));
        var created = await client.PostAsync(new Uri("/Setup", UriKind.Relative), TestAccounts.Form(setup, ("UserName", "admin"), ("Password", Password), ("Confirm", Password)));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var login = await client.GetStringAsync(new Uri("/Login", UriKind.Relative));
        var signedIn = await client.PostAsync(new Uri("/Login", UriKind.Relative), TestAccounts.Form(login, ("UserName", "admin"), ("Password", Password)));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }

    public void Dispose() => _temp.Dispose();
}
