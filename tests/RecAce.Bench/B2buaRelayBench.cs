using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RecAce.Plugin.Sip;
using RecAce.Plugins;

namespace RecAce.Bench;

/// <summary>
/// The in-line recorder (B2BUA) under load: sipp places N calls through the Sip adapter (route
/// announce-connect with a 0.2 s announcement) to a sipp callee; the calls are recorded by the real
/// <see cref="RecAce.Core.Calls.CallIntake"/>. The peers' SDP points to two sockets of a separate
/// process (<see cref="RtpPeerProcess"/>), which stream 20 ms G.711 packets both ways through the
/// relay; each payload carries its send time, so the receiver measures the one-way time through
/// the relay (loopback plus relay) and its variation. sipp, the relay and the RTP peers share this
/// machine's cores, but the peers no longer share this process's thread pool and garbage collector.
/// </summary>
internal static class B2buaRelayBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var calls = Option(args, "--calls", 150);
        var seconds = Option(args, "--seconds", 30);
        using var env = new BenchEnvironment("b2bua");
        // The RTP peers run in a process of their own so that they do not compete with the relay.
        using var peers = args.Contains("--aligned") ? RtpPeerProcess.Start("--rtp-peer", "--aligned") : RtpPeerProcess.Start("--rtp-peer");
        var peerPorts = (await peers.StandardOutput.ReadLineAsync())!.Split(' ')[1..].Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        var calleeSip = FreePort();
        var settings = new Dictionary<string, string?>
        {
            ["Listen"] = "127.0.0.1", ["Port"] = "0", ["Tcp"] = "false", ["RtpPortMin"] = "46000", ["RtpPortMax"] = "49999",
            ["MaxCallsPerSecond"] = "1000",
            ["Routes:0:Match"] = "^0120$", ["Routes:0:Action"] = "announce-connect",
            ["Routes:0:Target"] = $"sip:staff@127.0.0.1:{calleeSip}", ["Routes:0:Announcement"] = "/bench/tone.wav",
            // `--no-record`: relay only, to tell the relay's own delay from the recording's.
            ["Routes:0:Record"] = args.Contains("--no-record") ? "false" : "true",
        };
        var context = new BenchAdapterContext(settings, env.Intake.SinkFor("Sip"));
        await using var adapter = new SipAdapter();
        await adapter.StartAsync(context, CancellationToken.None);
        var port = adapter.UdpEndPoint!.Port;
        var folder = env.DataDirectory;
        var uasScenario = Path.Combine(folder, "uas.xml");
        var uacScenario = Path.Combine(folder, "uac.xml");
        await File.WriteAllTextAsync(uasScenario, Scenario.Callee(peerPorts[1]));
        await File.WriteAllTextAsync(uacScenario, Scenario.Caller(peerPorts[0], seconds * 1000));

        Console.WriteLine($"b2bua.calls: {calls} announce-connect calls held {seconds} s, PCMU both sides (relay passes payload through), {(args.Contains("--aligned") ? "every stream sent in the same instant (--aligned)" : "each stream at a phase of its own")}, {(args.Contains("--no-record") ? "NOT recorded (--no-record)" : "recorded by CallIntake")}");
        var rate = Math.Min(50, calls);
        using var uas = Sipp(folder, uasScenario, calleeSip, null, calls, rate);
        await Task.Delay(500);
        using var uac = Sipp(folder, uacScenario, FreePort(), $"127.0.0.1:{port}", calls, rate);
        using var stop = new CancellationTokenSource();
        var counters = new MediaCounters(46000, 49999);
        using var allocations = args.Contains("--alloc-types") ? new AllocationSampler() : null;
        var peak = 0;
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var health = await adapter.CheckHealthAsync(CancellationToken.None);
                peak = Math.Max(peak, Convert.ToInt32(health.Data!["relayedCalls"], CultureInfo.InvariantCulture));
                await Task.Delay(500);
            }
        });
        var limit = TimeSpan.FromSeconds(seconds + (calls / rate) + 60);
        var uacCode = await WaitAsync(uac, limit);
        var uasCode = await WaitAsync(uas, TimeSpan.FromSeconds(15));
        await stop.CancelAsync();
        await sampler;
        var m = await RtpPeerProcess.StopAsync(peers);
        await counters.PrintAsync("b2bua");
        allocations?.Print("b2bua");

        string F(string name) => m.GetValueOrDefault(name, "n/a");
        var p99 = double.Parse(m.GetValueOrDefault("p99", "0"), CultureInfo.InvariantCulture);
        Console.WriteLine($"b2bua.sipp_exit: caller {uacCode}, callee {uasCode} (0: every call completed)");
        Console.WriteLine($"b2bua.peak_concurrent_calls: {peak} (floor 150: {(peak >= 150 ? "met" : "NOT met")})");
        Console.WriteLine($"b2bua.calls_recorded: {CountCalls(env)} calls in the database");
        Console.WriteLine($"b2bua.packets_measured: {F("received")} (to callee {F("to_callee")}, to caller {F("to_caller")}); sent {F("sent")} (the peers run in a separate process)");
        Console.WriteLine($"b2bua.one_way_ms: p50 {F("p50")}, p99 {F("p99")}, p99.9 {F("p999")}, max {F("max")} (p99 under 5: {(p99 < 5 ? "met" : "NOT met")})");
        Console.WriteLine($"b2bua.peer_gc: {F("peer_gc")} (the measuring process's collections, gen0/1/2 and pause: each would count as the relay's delay)");
        Console.WriteLine($"b2bua.jitter_added_ms: {F("jitter")} (RFC 3550 interarrival jitter of the relayed streams, mean over streams; the senders pace at 20 ms)");
        Console.WriteLine();
        Console.WriteLine("| figure | value |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| relayed and recorded calls at once (sipp beside it) | {peak} |");
        Console.WriteLine($"| one-way time through the relay, p50 / p99 / p99.9 / max | {F("p50")} / {F("p99")} / {F("p999")} / {F("max")} ms |");
        Console.WriteLine($"| jitter added (RFC 3550, mean) | {F("jitter")} ms |");
        var restart = await MeasureRestartAsync(adapter, context, port);
        Console.WriteLine($"b2bua.restart_ms: {restart.TotalMilliseconds:0} (adapter stopped, a new one started on the same port, until it answers OPTIONS with 200; the host's own start adds to this)");
        return uacCode == 0 ? 0 : 1;
    }

    /// <summary>How long a restarted adapter takes to answer again: stop, start anew on the same port, OPTIONS until 200.</summary>
    private static async Task<TimeSpan> MeasureRestartAsync(SipAdapter running, IAdapterContext context, int port)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Listen"] = "127.0.0.1", ["Port"] = port.ToString(CultureInfo.InvariantCulture), ["Tcp"] = "false", ["RtpPortMin"] = "46000", ["RtpPortMax"] = "49999",
            ["Routes:0:Match"] = "^0120$", ["Routes:0:Action"] = "announce-connect",
            ["Routes:0:Target"] = "sip:staff@127.0.0.1:5060", ["Routes:0:Announcement"] = "/bench/tone.wav",
        };
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var probePort = ((IPEndPoint)probe.LocalEndPoint!).Port;
        var clock = Stopwatch.StartNew();
        await running.StopAsync(CancellationToken.None);
        await using var restarted = new SipAdapter();
        await restarted.StartAsync(new BenchAdapterContext(settings, context.CallSink), CancellationToken.None);
        var buffer = new byte[4096];
        for (var i = 0; clock.Elapsed < TimeSpan.FromSeconds(10); i++)
        {
            var options = $"OPTIONS sip:recace@127.0.0.1:{port} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{probePort};branch=z9hG4bKprobe{i}\r\nFrom: <sip:probe@127.0.0.1>;tag=p{i}\r\nTo: <sip:recace@127.0.0.1>\r\nCall-ID: probe-{i}\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
            probe.SendTo(System.Text.Encoding.ASCII.GetBytes(options), new IPEndPoint(IPAddress.Loopback, port));
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
            try
            {
                var r = await probe.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), wait.Token);
                if (System.Text.Encoding.ASCII.GetString(buffer, 0, r.ReceivedBytes).StartsWith("SIP/2.0 200", StringComparison.Ordinal)) return clock.Elapsed;
            }
            catch (OperationCanceledException)
            {
                // Not answering yet.
            }
        }

        return clock.Elapsed;
    }

    private static long CountCalls(BenchEnvironment env)
    {
        using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(env.DataDirectory, "recace.db")}");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM calls";
        try
        {
            return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return -1;
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static int FreePort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }

    private static Process Sipp(string folder, string scenario, int localPort, string? remote, int calls, int rate)
    {
        var psi = new ProcessStartInfo("sipp") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder };
        var inv = CultureInfo.InvariantCulture;
        if (remote is not null) psi.ArgumentList.Add(remote);
        foreach (var a in (string[])["-sf", scenario, "-i", "127.0.0.1", "-p", localPort.ToString(inv), "-m", calls.ToString(inv), "-l", calls.ToString(inv),
            "-r", rate.ToString(inv), "-s", "0120", "-timeout", "300s", "-timeout_error", "-nostdin", "-max_socket", "2000"])
            psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        _ = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        return p;
    }

    private static async Task<int> WaitAsync(Process p, TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(true);
            await p.WaitForExitAsync();
        }

        return p.ExitCode;
    }

    internal sealed class BenchAdapterContext(IDictionary<string, string?> settings, ICallSink sink) : IAdapterContext
    {
        public string PluginId => "Sip";

        public IConfiguration Configuration { get; } = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        public ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

        public TimeProvider TimeProvider => TimeProvider.System;

        public ICallSink CallSink => sink;

        public IAudioFileDecoder AudioFileDecoder { get; } = new ToneDecoder();

        public string StateDirectory => Path.GetTempPath();

        public void ReportFault(Exception exception) => Console.Error.WriteLine($"fault: {exception.Message}");
    }

    /// <summary>A 0.2 s announcement (a tone) at any rate: the bench measures the relay, not the decoder.</summary>
    private sealed class ToneDecoder : IAudioFileDecoder
    {
        public Task<AudioFileInfo> ProbeAsync(string path, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<DecodedAudio> DecodeAsync(string path, int sampleRate, CancellationToken cancellationToken) =>
            Task.FromResult(new DecodedAudio(sampleRate, [[.. Enumerable.Range(0, sampleRate / 5).Select(n => (short)(4000 * Math.Sin(2 * Math.PI * 440 * n / sampleRate)))]]));
    }

    private static class Scenario
    {
        private const string Sdp = """
            v=0
            o=peer 1 1 IN IP4 127.0.0.1
            s=-
            c=IN IP4 127.0.0.1
            t=0 0
            m=audio PORT RTP/AVP 0
            a=rtpmap:0 PCMU/8000
            """;

        public static string Caller(int rtpPort, int holdMs) => $"""
            <?xml version="1.0" encoding="ISO-8859-1" ?>
            <scenario name="bench-caller">
              <send retrans="500"><![CDATA[
            INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
            Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
            From: <sip:0312345678@[local_ip]:[local_port]>;tag=[pid]T[call_number]
            To: <sip:[service]@[remote_ip]:[remote_port]>
            Call-ID: [call_id]
            CSeq: 1 INVITE
            Contact: <sip:caller@[local_ip]:[local_port]>
            Max-Forwards: 70
            Content-Type: application/sdp
            Content-Length: [len]

            {Sdp.Replace("PORT", rtpPort.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)}

            ]]></send>
              <recv response="100" optional="true"/>
              <recv response="200"/>
              <send><![CDATA[
            ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
            Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
            From: <sip:0312345678@[local_ip]:[local_port]>;tag=[pid]T[call_number]
            [last_To:]
            Call-ID: [call_id]
            CSeq: 1 ACK
            Max-Forwards: 70
            Content-Length: 0

            ]]></send>
              <pause milliseconds="{holdMs.ToString(CultureInfo.InvariantCulture)}"/>
              <send retrans="500"><![CDATA[
            BYE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
            Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
            From: <sip:0312345678@[local_ip]:[local_port]>;tag=[pid]T[call_number]
            [last_To:]
            Call-ID: [call_id]
            CSeq: 2 BYE
            Max-Forwards: 70
            Content-Length: 0

            ]]></send>
              <recv response="200"/>
            </scenario>
            """;

        public static string Callee(int rtpPort) => $"""
            <?xml version="1.0" encoding="ISO-8859-1" ?>
            <scenario name="bench-callee">
              <recv request="INVITE" crlf="true"/>
              <send retrans="500"><![CDATA[
            SIP/2.0 200 OK
            [last_Via:]
            [last_From:]
            [last_To:];tag=[pid]C[call_number]
            [last_Call-ID:]
            [last_CSeq:]
            Contact: <sip:callee@[local_ip]:[local_port]>
            Content-Type: application/sdp
            Content-Length: [len]

            {Sdp.Replace("PORT", rtpPort.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)}

            ]]></send>
              <recv request="ACK" crlf="true"/>
              <recv request="BYE"/>
              <send><![CDATA[
            SIP/2.0 200 OK
            [last_Via:]
            [last_From:]
            [last_To:]
            [last_Call-ID:]
            [last_CSeq:]
            Content-Length: 0

            ]]></send>
            </scenario>
            """;
    }
}
