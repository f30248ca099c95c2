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
/// <see cref="RecAce.Core.Calls.CallIntake"/>. The peers' SDP points to two sockets of this process,
/// which stream 20 ms G.711 packets both ways through the relay; each payload carries its send
/// time, so the receiver measures the one-way time through the relay (loopback plus relay) and its
/// variation. sipp, the relay and the RTP peers share this machine's cores.
/// </summary>
internal static class B2buaRelayBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var calls = Option(args, "--calls", 150);
        var seconds = Option(args, "--seconds", 30);
        using var env = new BenchEnvironment("b2bua");
        using var callerRtp = new StampedRtp();
        using var calleeRtp = new StampedRtp();
        var calleeSip = FreePort();
        var settings = new Dictionary<string, string?>
        {
            ["Listen"] = "127.0.0.1", ["Port"] = "0", ["Tcp"] = "false", ["RtpPortMin"] = "46000", ["RtpPortMax"] = "49999",
            ["MaxCallsPerSecond"] = "1000",
            ["Routes:0:Match"] = "^0120$", ["Routes:0:Action"] = "announce-connect",
            ["Routes:0:Target"] = $"sip:staff@127.0.0.1:{calleeSip}", ["Routes:0:Announcement"] = "/bench/tone.wav",
        };
        var context = new BenchAdapterContext(settings, env.Intake.SinkFor("Sip"));
        await using var adapter = new SipAdapter();
        await adapter.StartAsync(context, CancellationToken.None);
        var port = adapter.UdpEndPoint!.Port;
        var folder = env.DataDirectory;
        var uasScenario = Path.Combine(folder, "uas.xml");
        var uacScenario = Path.Combine(folder, "uac.xml");
        await File.WriteAllTextAsync(uasScenario, Scenario.Callee(calleeRtp.Port));
        await File.WriteAllTextAsync(uacScenario, Scenario.Caller(callerRtp.Port, seconds * 1000));

        Console.WriteLine($"b2bua.calls: {calls} announce-connect calls held {seconds} s, PCMU both sides (relay passes payload through), recorded by CallIntake");
        var rate = Math.Min(50, calls);
        using var uas = Sipp(folder, uasScenario, calleeSip, null, calls, rate);
        await Task.Delay(500);
        using var uac = Sipp(folder, uacScenario, FreePort(), $"127.0.0.1:{port}", calls, rate);
        using var stop = new CancellationTokenSource();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        // Each side streams to every relay port it has heard from (the relay's port for that side of one call).
        var streaming = Task.WhenAll(callerRtp.StreamAsync(stop.Token), calleeRtp.StreamAsync(stop.Token));
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
        await streaming;
        await sampler;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        wall.Stop();

        var toCallee = calleeRtp.Latencies();
        var toCaller = callerRtp.Latencies();
        var all = toCallee.Concat(toCaller).OrderBy(x => x).ToArray();
        Console.WriteLine($"b2bua.sipp_exit: caller {uacCode}, callee {uasCode} (0: every call completed)");
        Console.WriteLine($"b2bua.peak_concurrent_calls: {peak} (floor 150: {(peak >= 150 ? "met" : "NOT met")})");
        Console.WriteLine($"b2bua.calls_recorded: {CountCalls(env)} calls in the database");
        Console.WriteLine($"b2bua.packets_measured: {all.Length} (to callee {toCallee.Count}, to caller {toCaller.Count}); sent {callerRtp.Sent + calleeRtp.Sent}");
        Console.WriteLine($"b2bua.one_way_ms: p50 {Percentile(all, 0.50):0.000}, p99 {Percentile(all, 0.99):0.000}, p99.9 {Percentile(all, 0.999):0.000}, max {(all.Length == 0 ? 0 : all[^1]):0.000} (p99 under 5: {(Percentile(all, 0.99) < 5 ? "met" : "NOT met")})");
        Console.WriteLine($"b2bua.jitter_added_ms: {callerRtp.Jitter().Concat(calleeRtp.Jitter()).DefaultIfEmpty(0).Average():0.000} (RFC 3550 interarrival jitter of the relayed streams, mean over streams; the senders pace at 20 ms)");
        Console.WriteLine($"b2bua.load_average: {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a")} (machine load when the run ended)");
        Console.WriteLine($"b2bua.process_cpu_s: {cpu.TotalSeconds:0.0} over {wall.Elapsed.TotalSeconds:0.0} s wall (relay + recording + this process's RTP peers; sipp runs outside)");
        Console.WriteLine();
        Console.WriteLine("| figure | value |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| relayed and recorded calls at once (sipp beside it) | {peak} |");
        Console.WriteLine($"| one-way time through the relay, p50 / p99 / p99.9 | {Percentile(all, 0.5):0.00} / {Percentile(all, 0.99):0.00} / {Percentile(all, 0.999):0.00} ms |");
        Console.WriteLine($"| jitter added (RFC 3550, mean) | {callerRtp.Jitter().Concat(calleeRtp.Jitter()).DefaultIfEmpty(0).Average():0.000} ms |");
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

    /// <summary>One side's RTP for every call: streams to each relay port heard from, measures what arrives.</summary>
    private sealed class StampedRtp : IDisposable
    {
        private static readonly long Origin = Stopwatch.GetTimestamp();
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        private readonly ConcurrentDictionary<int, Stream> _streams = new();
        private readonly CancellationTokenSource _closing = new();
        private readonly Task _receiving;

        public StampedRtp()
        {
            _socket.ReceiveBufferSize = 8 * 1024 * 1024;
            _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
            _receiving = Task.Run(ReceiveAsync);
        }

        public int Port { get; }

        public long Sent;

        public List<double> Latencies() => [.. _streams.Values.SelectMany(s => s.Latencies)];

        public IEnumerable<double> Jitter() => _streams.Values.Where(s => s.Latencies.Count > 50).Select(s => s.Jitter);

        private static double NowMs => Stopwatch.GetElapsedTime(Origin).TotalMilliseconds;

        public async Task StreamAsync(CancellationToken cancellationToken)
        {
            var payload = new byte[172];
            var started = Stopwatch.GetTimestamp();
            for (var tick = 0L; !cancellationToken.IsCancellationRequested; tick++)
            {
                var due = TimeSpan.FromMilliseconds(tick * 20) - Stopwatch.GetElapsedTime(started);
                if (due > TimeSpan.Zero)
                {
                    try
                    {
                        await Task.Delay(due, cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }

                foreach (var (port, stream) in _streams)
                {
                    payload[0] = 0x80;
                    payload[1] = 0;
                    BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(2), (ushort)stream.Sequence);
                    BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(4), (uint)(stream.Sequence * 160));
                    BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(8), (uint)Port);
                    stream.Sequence++;
                    payload.AsSpan(12).Fill(0xFF);
                    BinaryPrimitives.WriteDoubleLittleEndian(payload.AsSpan(12), NowMs);
                    BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(20), 0x52656341636542);
                    _socket.SendTo(payload, new IPEndPoint(IPAddress.Loopback, port));
                    Sent++;
                }
            }
        }

        private async Task ReceiveAsync()
        {
            var buffer = new byte[2048];
            while (!_closing.IsCancellationRequested)
            {
                SocketReceiveFromResult r;
                try
                {
                    r = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _closing.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
                {
                    return;
                }

                var now = NowMs;
                var from = ((IPEndPoint)r.RemoteEndPoint).Port;
                var stream = _streams.GetOrAdd(from, _ => new Stream());
                // Only our stamped packets count (the announcement also arrives here).
                if (r.ReceivedBytes < 28 || BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(20)) != 0x52656341636542) continue;
                stream.Add(now - BinaryPrimitives.ReadDoubleLittleEndian(buffer.AsSpan(12)));
            }
        }

        public void Dispose()
        {
            _closing.Cancel();
            _socket.Dispose();
            _receiving.Wait(TimeSpan.FromSeconds(2));
            _closing.Dispose();
        }

        private sealed class Stream
        {
            private double? _lastTransit;

            public long Sequence;

            public List<double> Latencies { get; } = [];

            public double Jitter { get; private set; }

            public void Add(double transit)
            {
                Latencies.Add(transit);
                if (_lastTransit is { } last) Jitter += (Math.Abs(transit - last) - Jitter) / 16;
                _lastTransit = transit;
            }
        }
    }

    private sealed class BenchAdapterContext(IDictionary<string, string?> settings, ICallSink sink) : IAdapterContext
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
