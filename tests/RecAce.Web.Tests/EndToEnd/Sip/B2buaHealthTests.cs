using System.Globalization;
using System.Text.Json;
using RecAce.Plugin.Sip.Tests.B2bua;

namespace RecAce.Web.Tests.EndToEnd.Sip;

/// <summary>
/// The real host running the Sip plugin as an in-line recorder between two sipp peers, with the
/// spool directory taken away in the middle of a call: the calls go on and the failure is in /healthz.
/// </summary>
[Trait("Category", "RealPeer")]
[Collection(TimingSensitiveCollection.Name)]
public sealed class B2buaHealthTests : IDisposable
{
    private readonly TempDirectory _temp = new("recace-b2bua");

    [Fact]
    public async Task InlineCall_SpoolMadeUnwritableMidCall_CallsGoOnFailureInHealthz()
    {
        var sipPort = SipRealPeerTests.FreeSipPort();
        var calleePort = Sipp.FreeUdpPort();
        var calleePort2 = Sipp.FreeUdpPort();
        var rtpBase = 44000 + (2 * Random.Shared.Next(0, 2000));
        var data = _temp.Combine("data");
        var settings = new Dictionary<string, string>
        {
            ["RecAce:DataDirectory"] = data,
            ["RecAce:PluginHost:HealthCheckIntervalSeconds"] = "1",
            ["Plugins:Sip:Enabled"] = "true",
            ["Plugins:Sip:Listen"] = "127.0.0.1",
            ["Plugins:Sip:Port"] = sipPort.ToString(CultureInfo.InvariantCulture),
            ["Plugins:Sip:Tcp"] = "false",
            ["Plugins:Sip:RtpPortMin"] = rtpBase.ToString(CultureInfo.InvariantCulture),
            ["Plugins:Sip:RtpPortMax"] = (rtpBase + 100).ToString(CultureInfo.InvariantCulture),
            ["Plugins:Sip:Routes:0:Match"] = "^0120$",
            ["Plugins:Sip:Routes:0:Action"] = "connect",
            ["Plugins:Sip:Routes:0:Target"] = $"sip:staff@127.0.0.1:{calleePort}",
            ["Plugins:Sip:Routes:1:Match"] = "^0130$",
            ["Plugins:Sip:Routes:1:Action"] = "connect",
            ["Plugins:Sip:Routes:1:Target"] = $"sip:staff@127.0.0.1:{calleePort2}",
        };
        await using var host = await HostProcess.StartAsync(settings);
        using var client = host.CreateClient();

        // The first call is connected and being recorded; it lasts 8 s.
        using var callee = Sipp.Start(_temp.Path, B2buaScenarios.Callee(40002, "0 101"), calleePort, null);
        await Task.Delay(300);
        using var caller = Sipp.Start(_temp.Path, B2buaScenarios.Caller(40000, "0 101", talkMs: 8000), Sipp.FreeUdpPort(), $"127.0.0.1:{sipPort}");
        await Task.Delay(2500);

        // The spool directory disappears and a file takes its name: nothing can be created in it.
        var spool = Path.Combine(data, "spool");
        Directory.Move(spool, spool + "-gone");
        await File.WriteAllTextAsync(spool, "not a directory");

        // A second call arrives meanwhile: its recording cannot be opened, it is connected anyway.
        using (var callee2 = Sipp.Start(_temp.Path, B2buaScenarios.Callee(40006, "0 101"), calleePort2, null))
        {
            await Task.Delay(300);
            using var caller2 = Sipp.Start(_temp.Path, B2buaScenarios.Caller(40004, "0 101", talkMs: 1000), Sipp.FreeUdpPort(), $"127.0.0.1:{sipPort}", "0130");
            var (code2, output2) = await caller2.WaitAsync(TimeSpan.FromSeconds(30));
            var (calleeCode2, calleeOutput2) = await callee2.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(code2 == 0 && calleeCode2 == 0, $"second call: {output2}\n{calleeOutput2}");
        }

        var (callerCode, callerOutput) = await caller.WaitAsync(TimeSpan.FromSeconds(40));
        var (calleeCode, calleeOutput) = await callee.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(callerCode == 0 && calleeCode == 0, $"{callerOutput}\n{calleeOutput}");

        string? detail = null;
        string? pluginStatus = null;
        string? overall = null;
        for (var i = 0; i < 40 && detail is null; i++)
        {
            // /healthz answers 200 when Degraded and 503 when Unhealthy (ffmpeg, disk): the body is read either way.
            using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
            using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            overall = health.RootElement.GetProperty("status").GetString();
            var sip = health.RootElement.GetProperty("parts").GetProperty("plugins").EnumerateArray()
                .Single(p => p.GetProperty("id").GetString() == "Sip");
            pluginStatus = sip.GetProperty("status").GetString();
            detail = sip.GetProperty("detail").GetString() is { } d && d.Contains("Recording failed", StringComparison.Ordinal) ? d : null;
            if (detail is null) await Task.Delay(250);
        }

        Assert.NotNull(detail);
        // The adapter's Degraded health is the plugin's state and the server's, not "Active" with a note.
        Assert.Equal("Degraded", pluginStatus);
        Assert.NotEqual("Healthy", overall);
    }

    public void Dispose() => _temp.Dispose();
}
