using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace RecAce.Web.Tests.EndToEnd.Sip;

/// <summary>
/// How fast a whole recorder process takes calls again: the real host in-line (announce-connect
/// with a decoded announcement) is killed (SIGKILL, as a crash or power cut of the process) and
/// started again, while sipp keeps sending INVITEs (retransmitted every 25 ms doubling, a new sipp
/// every 0.4 s). Prints, per restart, the time from the kill until /healthz answers and until the
/// first INVITE is answered 200, bounded between the start of the sipp run whose INVITE was
/// answered and its end. Figures only: nothing here is asserted against a time.
/// </summary>
[Trait("Category", "RealPeer")]
[Trait("Category", "Benchmark")]
[Collection(TimingSensitiveCollection.Name)]
// Run once, in the SQLite pass: a restart-time benchmark of the SIP listener.
[Trait("Database", "Independent")]
public sealed class B2buaRestartBenchmarkTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _temp = new("recace-b2bua-restart");

    [Fact]
    public async Task HostKilledAndStarted_FirstInviteAnsweredAgain_PrintsTimeFromKill()
    {
        var sipPort = SipRealPeerTests.FreeSipPort();
        var rtpBase = 48000 + (2 * Random.Shared.Next(0, 2000));
        var announcement = _temp.Combine("announcement.wav");
        await MediaTools.RunAsync("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=16000:duration=3", "-ac", "1", "-y", announcement);
        var settings = new Dictionary<string, string>
        {
            ["RecAce:DataDirectory"] = _temp.Combine("data"),
            ["Plugins:Sip:Enabled"] = "true",
            ["Plugins:Sip:Listen"] = "127.0.0.1",
            ["Plugins:Sip:Port"] = sipPort.ToString(CultureInfo.InvariantCulture),
            ["Plugins:Sip:Tcp"] = "false",
            ["Plugins:Sip:RtpPortMin"] = rtpBase.ToString(CultureInfo.InvariantCulture),
            ["Plugins:Sip:RtpPortMax"] = (rtpBase + 200).ToString(CultureInfo.InvariantCulture),
            ["Plugins:Sip:Routes:0:Match"] = "^0120$",
            ["Plugins:Sip:Routes:0:Action"] = "announce-connect",
            ["Plugins:Sip:Routes:0:Announcement"] = announcement,
            ["Plugins:Sip:Routes:0:Target"] = $"sip:staff@127.0.0.1:{Plugin.Sip.Tests.B2bua.Sipp.FreeUdpPort()}",
        };
        var scenario = _temp.Combine("first-answer.xml");
        await File.WriteAllTextAsync(scenario, Scenario);
        var host = await HostProcess.StartAsync(settings);
        var lines = new List<string>();
        try
        {
            var (first, _, _) = await FirstAnswerAsync(scenario, sipPort, Stopwatch.StartNew(), TimeSpan.FromSeconds(60));
            Assert.True(first is not null, "the recorder never answered before the restart:\n" + host.Log);
            for (var round = 1; round <= 3; round++)
            {
                var clock = Stopwatch.StartNew();
                await host.KillAsync();
                var killed = clock.Elapsed;
                await host.DisposeAsync();
                var starting = HostProcess.StartAsync(settings);
                var healthz = starting.ContinueWith(_ => clock.Elapsed, TaskScheduler.Default);
                var (answer, attemptStart, attempts) = await FirstAnswerAsync(scenario, sipPort, clock, TimeSpan.FromSeconds(90));
                host = await starting;
                Assert.True(answer is not null, $"round {round}: no INVITE answered within 90 s of the kill:\n{host.Log}");
                var serving = await healthz;
                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"restart {round}: kill took {killed.TotalMilliseconds:0} ms; /healthz answered {serving.TotalSeconds:0.00} s after the kill; first INVITE answered 200 between {attemptStart.TotalSeconds:0.00} and {answer!.Value.TotalSeconds:0.00} s after the kill ({attempts} sipp runs)"));
            }
        }
        finally
        {
            await host.DisposeAsync();
        }

        output.WriteLine($"load average {(File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Trim() : "?")}");
        foreach (var line in lines) output.WriteLine(line);
        Console.WriteLine(string.Join('\n', lines));
    }

    /// <summary>Runs sipp again and again until one INVITE is answered 200; returns when (from the clock's start) that run started and ended.</summary>
    private async Task<(TimeSpan? Answered, TimeSpan AttemptStart, int Attempts)> FirstAnswerAsync(string scenario, int sipPort, Stopwatch clock, TimeSpan limit)
    {
        var attempts = 0;
        while (clock.Elapsed < limit)
        {
            attempts++;
            var start = clock.Elapsed;
            var psi = new ProcessStartInfo("sipp") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _temp.Path };
            foreach (var a in (string[])[$"127.0.0.1:{sipPort}", "-sf", scenario, "-i", "127.0.0.1", "-p", Plugin.Sip.Tests.B2bua.Sipp.FreeUdpPort().ToString(CultureInfo.InvariantCulture),
                "-m", "1", "-s", "0120", "-timeout", "400ms", "-timeout_error", "-max_retrans", "10", "-nostdin", "-bind_local"])
                psi.ArgumentList.Add(a);
            using var sipp = Process.Start(psi)!;
            _ = sipp.StandardOutput.ReadToEndAsync();
            _ = sipp.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await sipp.WaitForExitAsync(cts.Token);
            if (sipp.ExitCode == 0) return (clock.Elapsed, start, attempts);
        }

        return (null, TimeSpan.Zero, attempts);
    }

    /// <summary>INVITE retransmitted from 25 ms (doubling) until answered; 200 → ACK → BYE at once.</summary>
    private const string Scenario = """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="first-answer">
          <send retrans="25"><![CDATA[
        INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
        From: "Citizen" <sip:0312345678@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
        To: <sip:[service]@[remote_ip]:[remote_port]>
        Call-ID: [call_id]
        CSeq: 1 INVITE
        Contact: <sip:0312345678@[local_ip]:[local_port]>
        Max-Forwards: 70
        Content-Type: application/sdp
        Content-Length: [len]

        v=0
        o=peer 1 1 IN IP4 127.0.0.1
        s=-
        c=IN IP4 127.0.0.1
        t=0 0
        m=audio [media_port] RTP/AVP 0
        a=rtpmap:0 PCMU/8000
        a=sendrecv

        ]]></send>
          <recv response="100" optional="true"/>
          <recv response="180" optional="true"/>
          <recv response="183" optional="true"/>
          <recv response="200"/>
          <send><![CDATA[
        ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
        From: "Citizen" <sip:0312345678@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
        [last_To:]
        Call-ID: [call_id]
        CSeq: 1 ACK
        Max-Forwards: 70
        Content-Length: 0

        ]]></send>
          <send retrans="100"><![CDATA[
        BYE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
        Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
        From: "Citizen" <sip:0312345678@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
        [last_To:]
        Call-ID: [call_id]
        CSeq: 2 BYE
        Max-Forwards: 70
        Content-Length: 0

        ]]></send>
          <recv response="200"/>
        </scenario>
        """;

    public void Dispose() => _temp.Dispose();
}
