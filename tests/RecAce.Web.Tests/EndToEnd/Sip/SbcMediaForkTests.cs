using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using RecAce.Plugin.Sip.Tests.B2bua;

namespace RecAce.Web.Tests.EndToEnd.Sip;

/// <summary>
/// kamailio with rtpengine (user space, <c>--table=-1</c>) as the SBC of a call between two sipp
/// peers that both send speech through rtpengine. rtpengine's <c>subscribe request</c> forks the
/// call's media; sipp offers that SDP to the recorder in a SIPREC INVITE with metadata, and the
/// recorder's answer goes back to rtpengine as <c>subscribe answer</c>, after which rtpengine sends
/// both parties' audio to the recorder.
/// </summary>
[Trait("Category", "RealPeer")]
[Collection(TimingSensitiveCollection.Name)]
// Run once, in the SQLite pass: the subject is the media fork through kamailio and rtpengine.
[Trait("Database", "Independent")]
public sealed partial class SbcMediaForkTests : IDisposable
{
    private static readonly TimeSpan SpeechLength = TimeSpan.FromSeconds(9);
    private static readonly TimeSpan RecordedLength = TimeSpan.FromSeconds(5);
    private readonly TempDirectory _temp = new("recace-sbc");
    private readonly int _sipPort = SipRealPeerTests.FreeSipPort();
    private readonly int _rtpBase = SipRecorderSettings.RandomRtpBase();

    private Dictionary<string, string> Settings => SipRecorderSettings.For(_temp.Combine("data"), _sipPort, _rtpBase, rtpTimeoutSeconds: 5);

    [RealPeerFact("kamailio", "rtpengine", "sipp")]
    public async Task RtpengineSubscribeRequest_CallThroughKamailio_SiprecInviteFromItsSdpRecordsBothParties()
    {
        await RealTimeAttempts.RunAsync(async () =>
        {
            var caller = await SpeechSource.MakeAsync(_temp.Path, "caller", "ja", SpeechSource.Japanese, "ul", SpeechLength);
            var callee = await SpeechSource.MakeAsync(_temp.Path, "callee", "en", SpeechSource.English, "ul", SpeechLength);
            using var rtpengine = await StartRtpengineAsync();
            var kamailioPort = Sipp.FreeUdpPort();
            var calleePort = Sipp.FreeUdpPort();
            using var kamailio = await StartKamailioAsync(kamailioPort, calleePort, rtpengine.NgPort);
            var token = await CreateTokenAsync();
            await using var host = await HostProcess.StartAsync(Settings);
            using var client = host.CreateClient(token);
            await SipRealPeerTests.WaitForListenerAsync(host);

            // The call: sipp UAC -> kamailio (rtpengine_offer/answer) -> sipp UAS, both sending speech to rtpengine.
            var sippRoot = Path.Combine(RepoPaths.Root, "tests", "RecAce.Web.Tests", "EndToEnd", "Sipp");
            var callMs = (int)SpeechLength.TotalMilliseconds + 300;
            var uac = (await File.ReadAllTextAsync(Path.Combine(sippRoot, "uac.xml"))).Replace("CALL_MS", callMs.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            File.Copy(Path.Combine(sippRoot, "uas.xml"), _temp.Combine("uas.xml"), overwrite: true);
            using var uas = PeerDaemon.Start("sipp", _temp.Path, "-sf", "uas.xml", "-i", "127.0.0.1", "-p", calleePort.ToString(CultureInfo.InvariantCulture),
                "-m", "1", "-mp", MediaPort().ToString(CultureInfo.InvariantCulture), "-nostdin", "-timeout", "40s");
            await Task.Delay(500);
            var callId = $"recace-sbc-{Guid.NewGuid():N}";
            using var call = SippProcess.Start(_temp.Path, uac, kamailioPort, "u1", MediaPort(), Sipp.FreeUdpPort(), "-cid_str", callId);
            await call.WaitForLoggedAsync("SIP/2.0 200 OK", TimeSpan.FromSeconds(20));

            // The fork: both parties' media in one offer, each m-line labelled.
            var subscription = await rtpengine.Ng.RequireOkAsync(new()
            {
                ["command"] = "subscribe request", ["call-id"] = callId, ["flags"] = new List<object> { "all", "SIPREC" },
            });
            var offer = (string)subscription["sdp"];
            var labels = MediaLabel().Matches(offer).Select(m => m.Groups[1].Value).ToList();
            Assert.True(labels.Count == 2, $"rtpengine offered {labels.Count} labelled streams:\n{offer}");
            var tags = (Dictionary<string, object>)subscription["media-labels"];
            string TagOf(string label) => (string)((Dictionary<string, object>)tags[label])["tag"];
            // sipp's UAC tags its From with SIPpTag00, the UAS its To with SIPpTag01.
            var callerIndex = labels.FindIndex(l => TagOf(l).Contains("SIPpTag00", StringComparison.Ordinal));
            Assert.True(callerIndex >= 0, $"no stream of the caller among {string.Join(", ", labels.Select(TagOf))}");
            var outside = "03" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
            var metadata = SippScenario.Metadata(outside, "佐藤 太郎", "201", "山田 花子", labels[callerIndex], labels[1 - callerIndex]);
            var siprec = SippScenario.FillWithOffer(offer, metadata, SippScenario.Pause(RecordedLength), SippScenario.Bye);
            using var src = SippProcess.Start(_temp.Path, siprec, _sipPort, "u1", MediaPort(), Sipp.FreeUdpPort());
            var answer = await src.AnswerSdpAsync(TimeSpan.FromSeconds(20));
            await rtpengine.Ng.RequireOkAsync(new()
            {
                ["command"] = "subscribe answer", ["call-id"] = callId, ["to-tag"] = (string)subscription["to-tag"], ["sdp"] = answer,
            });

            var srcExit = await src.WaitAsync(TimeSpan.FromSeconds(40));
            Assert.True(srcExit == 0, $"SIPREC sipp exited with {srcExit}\n{src.Messages}\n{host.Log}");
            var callExit = await call.WaitAsync(TimeSpan.FromSeconds(40));
            Assert.True(callExit == 0, $"caller sipp exited with {callExit}\n{call.Messages}\n--- kamailio ---\n{kamailio.Tail}");

            var recorded = await FinalizedCallWait.ForNumberAsync(client, outside, host);
            Assert.Equal("201", recorded.GetProperty("staffExtension").GetString());
            var legs = recorded.GetProperty("legs").EnumerateArray().Select(l => l.GetProperty("role").GetString()).ToList();
            Assert.Equal(2, legs.Count);
            Assert.Equal("Outside", legs[callerIndex]);
            Assert.Equal("Staff", legs[1 - callerIndex]);
            await LegAudioAssert.MatchSourcesAsync(client, recorded, _temp.Combine("sbc.opus"), 8000,
                // The fork starts some time into the call: its loudest two seconds are looked for in the whole source.
                (source, fork) => Correlations.Excerpt(source, fork, 16000), [(callerIndex, caller.Wav), (1 - callerIndex, callee.Wav)],
                () => "--- rtpengine ---\n" + rtpengine.Daemon.Tail);
        });
    }

    public void Dispose() => _temp.Dispose();

    private static int MediaPort() => 30000 + (4 * Random.Shared.Next(0, 2000));

    private sealed record Rtpengine(PeerDaemon Daemon, NgControl Ng, int NgPort) : IDisposable
    {
        public void Dispose() => Daemon.Dispose();
    }

    /// <summary>rtpengine in the foreground, user space only, its ng control port and media ports on 127.0.0.1.</summary>
    private async Task<Rtpengine> StartRtpengineAsync()
    {
        var ng = Sipp.FreeUdpPort();
        var min = 50000 + (100 * Random.Shared.Next(0, 80));
        var daemon = PeerDaemon.Start("rtpengine", _temp.Path, "--config-file=none", "--foreground", "--log-stderr", "--table=-1",
            "--interface=127.0.0.1", string.Create(CultureInfo.InvariantCulture, $"--listen-ng=127.0.0.1:{ng}"),
            string.Create(CultureInfo.InvariantCulture, $"--port-min={min}"), string.Create(CultureInfo.InvariantCulture, $"--port-max={min + 99}"),
            "--pidfile=" + _temp.Combine("rtpengine.pid"));
        var control = new NgControl(new IPEndPoint(IPAddress.Loopback, ng));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                await control.SendAsync(new() { ["command"] = "ping" }, TimeSpan.FromMilliseconds(500));
                return new Rtpengine(daemon, control, ng);
            }
            catch (Exception e) when (e is OperationCanceledException or System.Net.Sockets.SocketException)
            {
                if (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100);
                    continue;
                }

                var output = daemon.Tail;
                daemon.Dispose();
                throw new TimeoutException($"rtpengine did not answer ping\n{output}", e);
            }
        }
    }

    /// <summary>kamailio as the SBC: every request to the callee, SDP offers and answers rewritten by rtpengine, the call deleted on BYE.</summary>
    private async Task<PeerDaemon> StartKamailioAsync(int port, int calleePort, int ngPort)
    {
        var config = _temp.Combine("kamailio.cfg");
        var run = Directory.CreateDirectory(_temp.Combine("kamailio")).FullName;
        await File.WriteAllTextAsync(config, KamailioConfig(port, calleePort, ngPort));
        var daemon = PeerDaemon.Start("kamailio", run, "-f", config, "-DD", "-E", "-n", "1", "-m", "32", "-M", "4", "-Y", run, "-w", run);
        try
        {
            await daemon.WaitForAsync("support for it enabled", TimeSpan.FromSeconds(20));
        }
        catch
        {
            daemon.Dispose();
            throw;
        }

        return daemon;
    }

    private static string KamailioConfig(int port, int calleePort, int ngPort) => string.Create(CultureInfo.InvariantCulture, $$"""
        #!KAMAILIO
        debug=2
        log_stderror=yes
        children=1
        disable_tcp=yes
        listen=udp:127.0.0.1:{{port}}
        mpath="/usr/lib/x86_64-linux-gnu/kamailio/modules/"
        loadmodule "tm.so"
        loadmodule "sl.so"
        loadmodule "pv.so"
        loadmodule "maxfwd.so"
        loadmodule "textops.so"
        loadmodule "siputils.so"
        loadmodule "xlog.so"
        loadmodule "rtpengine.so"
        modparam("rtpengine", "rtpengine_sock", "udp:127.0.0.1:{{ngPort}}")
        request_route {
            if (!mf_process_maxfwd_header("10")) { sl_send_reply("483", "Too Many Hops"); exit; }
            if (is_method("INVITE") && has_body("application/sdp")) rtpengine_offer("replace-origin replace-session-connection");
            if (is_method("BYE|CANCEL")) rtpengine_delete();
            t_on_reply("MEDIA");
            $du = "sip:127.0.0.1:{{calleePort}}";
            if (!t_relay()) sl_reply_error();
        }
        onreply_route[MEDIA] {
            if (has_body("application/sdp")) rtpengine_answer("replace-origin replace-session-connection");
        }

        """);

    private async Task<string> CreateTokenAsync()
    {
        var (code, stdout, stderr) = await HostProcess.RunVerbAsync(Settings, "token", "create", "--name", "sbc", "--role", "Admin");
        Assert.True(code == 0, stderr);
        return stdout;
    }

    [GeneratedRegex(@"a=label:(\S+)")]
    private static partial Regex MediaLabel();
}
