using System.Diagnostics;
using System.Globalization;
using RecAce.Plugin.Sip;

namespace RecAce.Bench;

/// <summary>
/// The SIPREC recording server under load: sipp (bounded by -r/-l/-m/-timeout) places N SIPREC
/// calls with two labelled G.711 streams each to the Sip adapter in this process, recorded by the
/// real <see cref="RecAce.Core.Calls.CallIntake"/>; for every answered call sipp appends the two
/// answered RTP ports to a file, which a separate load process (this program with
/// <c>--rtp-load</c>) follows, sending 20 ms packets to both ports for the hold time. Packets
/// counted by the recording (legs.packets after the calls close) are compared with those sent.
/// </summary>
internal static class SiprecRecorderBench
{
    private const int PortMin = 40000;
    private const int PortMax = 44999;

    public static async Task<int> RunAsync(string[] args)
    {
        var calls = Option(args, "--calls", 300);
        var seconds = Option(args, "--seconds", 60);
        var rate = Math.Min(50, calls);
        // The source stops its RTP this long before its BYE (the load process's pacing lags on a loaded machine).
        var byeMargin = Option(args, "--bye-margin-ms", 500);
        using var env = new BenchEnvironment("siprec");
        var settings = new Dictionary<string, string?>
        {
            ["Listen"] = "127.0.0.1", ["Port"] = "0", ["Tcp"] = "false",
            ["RtpPortMin"] = PortMin.ToString(CultureInfo.InvariantCulture), ["RtpPortMax"] = PortMax.ToString(CultureInfo.InvariantCulture),
            ["MaxCallsPerSecond"] = "1000",
            // `--rtp-threads`: a receive thread per RTP socket instead of the epoll loops, to compare the two.
            ["RtpReceiveLoops"] = args.Contains("--rtp-threads") ? "0" : null, ["RtpTimeoutSeconds"] = "30",
        };
        var context = new B2buaRelayBench.BenchAdapterContext(settings, env.Intake.SinkFor("Sip"));
        await using var adapter = new SipAdapter();
        await adapter.StartAsync(context, CancellationToken.None);
        var port = adapter.UdpEndPoint!.Port;
        var folder = env.DataDirectory;
        var scenario = Path.Combine(folder, "siprec.xml");
        var portsFile = Path.Combine(folder, "ports.txt");
        await File.WriteAllTextAsync(scenario, Scenario((seconds * 1000) + byeMargin, portsFile));
        Console.WriteLine($"siprec.calls: {calls} SIPREC calls, two labelled PCMU streams each, held {seconds} s, at {rate} new calls/s; RTP from a separate load process ({calls * 100} packets/s at full concurrency); RTP read by {(args.Contains("--rtp-threads") ? "a thread per socket (--rtp-threads)" : "the epoll receive loops")}");
        Console.WriteLine($"siprec.load_average_before: {MediaCounters.LoadAverage}");

        using var load = RtpPeerProcess.Start("--rtp-load", portsFile, seconds.ToString(CultureInfo.InvariantCulture));
        var counters = new MediaCounters(PortMin, PortMax);
        var peak = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var health = await adapter.CheckHealthAsync(CancellationToken.None);
                peak = Math.Max(peak, Convert.ToInt32(health.Data!["activeCalls"], CultureInfo.InvariantCulture));
                await Task.Delay(500);
            }
        });
        var clock = Stopwatch.StartNew();
        using var sipp = Sipp(folder, scenario, port, calls, rate);
        var code = await WaitAsync(sipp, TimeSpan.FromSeconds(seconds + (calls / rate) + 90));
        var elapsed = clock.Elapsed;
        var loadFigures = await RtpPeerProcess.StopAsync(load);
        await stop.CancelAsync();
        await sampler;
        var open = await WaitForClosedAsync(env, calls);
        await counters.PrintAsync("siprec");

        var sent = long.Parse(loadFigures.GetValueOrDefault("sent", "0"), CultureInfo.InvariantCulture);
        var (recorded, legs, lost, late, duplicate) = Counted(env);
        var shortLegs = ShortLegs(env, seconds * 50);
        var loss = sent == 0 ? 0 : 100.0 * (sent - recorded) / sent;
        Console.WriteLine($"siprec.sipp_exit: {code} (0: every call completed); {elapsed.TotalSeconds:0.0} s in all");
        Console.WriteLine($"siprec.peak_concurrent_calls: {peak} (floor 300: {(peak >= 300 ? "met" : "NOT met")}); calls still open after the run: {open}");
        Console.WriteLine($"siprec.load_sender: {loadFigures.GetValueOrDefault("sent")} sent, send errors {loadFigures.GetValueOrDefault("send_errors")}, latest packet {loadFigures.GetValueOrDefault("max_late_ms")} ms behind its 20 ms slot, {loadFigures.GetValueOrDefault("late_over_5ms")} more than 5 ms behind");
        Console.WriteLine($"siprec.packets: sent {sent}, counted by the recording {recorded} over {legs} legs (sequence gaps {lost}, late {late}, duplicates {duplicate})");
        Console.WriteLine($"siprec.short_legs: {shortLegs} legs counted fewer than the {seconds * 50} packets sent to each (no sequence gaps inside a leg means the missing packets are at a stream's start or end); the BYE came {byeMargin} ms after the last packet was due");
        if (code != 0) foreach (var e in Directory.GetFiles(folder, "*_errors.log")) Console.WriteLine($"siprec.sipp_errors: {string.Join(" | ", File.ReadLines(e).Where(l => l.Length > 0).Take(6))}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"siprec.loss_pct: {loss:0.0000} (floor 0.01: {(loss <= 0.01 ? "met" : "NOT met")})"));
        Console.WriteLine();
        Console.WriteLine("| figure | value |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| concurrent two-stream SIPREC calls held {seconds} s | {peak} |");
        Console.WriteLine($"| packets sent / counted | {sent:N0} / {recorded:N0} |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| loss | {loss:0.0000} % |"));
        return code == 0 && sent > 0 ? 0 : 1;
    }

    private static async Task<int> WaitForClosedAsync(BenchEnvironment env, int calls)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var db = Open(env);
            using var cmd = db.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*), SUM(status = 0) FROM calls";
            using var r = cmd.ExecuteReader();
            r.Read();
            var total = r.GetInt64(0);
            var open = r.IsDBNull(1) ? 0 : r.GetInt64(1);
            if ((total >= calls && open == 0) || DateTime.UtcNow > deadline) return (int)open + (int)Math.Max(0, calls - total);
            await Task.Delay(500);
        }
    }

    private static (long Packets, long Legs, long Lost, long Late, long Duplicate) Counted(BenchEnvironment env)
    {
        using var db = Open(env);
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT COALESCE(SUM(packets), 0), COUNT(*), COALESCE(SUM(lost), 0), COALESCE(SUM(late), 0), COALESCE(SUM(duplicate), 0) FROM legs";
        using var r = cmd.ExecuteReader();
        r.Read();
        return (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4));
    }

    /// <summary>Legs with fewer packets than were sent to each.</summary>
    private static long ShortLegs(BenchEnvironment env, int expected)
    {
        using var db = Open(env);
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM legs WHERE packets < $expected";
        cmd.Parameters.AddWithValue("$expected", expected);
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static Microsoft.Data.Sqlite.SqliteConnection Open(BenchEnvironment env)
    {
        var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(env.DataDirectory, "recace.db")}");
        db.Open();
        return db;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static Process Sipp(string folder, string scenario, int port, int calls, int rate)
    {
        var psi = new ProcessStartInfo("sipp") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder };
        var inv = CultureInfo.InvariantCulture;
        psi.ArgumentList.Add($"127.0.0.1:{port}");
        foreach (var a in (string[])["-sf", scenario, "-i", "127.0.0.1", "-p", "0", "-m", calls.ToString(inv), "-l", calls.ToString(inv),
            "-r", rate.ToString(inv), "-mp", "30000", "-trace_err", "-timeout", "300s", "-timeout_error", "-nostdin", "-max_socket", "2000"])
            psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        _ = p.StandardOutput.ReadToEndAsync();
        _ = Task.Run(async () =>
        {
            // sipp's own complaints (a scenario error, a refused call) are worth seeing.
            var errors = await p.StandardError.ReadToEndAsync();
            if (errors.Length > 0) Console.Error.WriteLine($"sipp: {errors[..Math.Min(errors.Length, 2000)]}");
        });
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

    /// <summary>The SIPREC client: multipart SDP (two labelled sendonly streams) and RFC 7865 metadata; the answer's ports go to the load process.</summary>
    private static string Scenario(int holdMs, string portsFile) => $$"""
        <?xml version="1.0" encoding="UTF-8" ?>
        <scenario name="RecAce SIPREC benchmark client">
          <send retrans="500">
            <![CDATA[

              INVITE sip:srs@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: <sip:src@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: <sip:srs@[remote_ip]:[remote_port]>
              Call-ID: [call_id]
              CSeq: 1 INVITE
              Contact: <sip:src@[local_ip]:[local_port];transport=[transport]>;+sip.src
              Max-Forwards: 70
              Require: siprec
              Content-Type: multipart/mixed;boundary=RecAceBoundary
              Content-Length: [len]

              --RecAceBoundary
              Content-Type: application/sdp

              v=0
              o=SRC 1 1 IN IP[local_ip_type] [local_ip]
              s=SIPREC
              c=IN IP[media_ip_type] [media_ip]
              t=0 0
              m=audio [media_port] RTP/AVP 0
              a=rtpmap:0 PCMU/8000
              a=label:1
              a=sendonly
              m=audio [media_port+2] RTP/AVP 0
              a=rtpmap:0 PCMU/8000
              a=label:2
              a=sendonly

              --RecAceBoundary
              Content-Type: application/rs-metadata+xml
              Content-Disposition: recording-session

              <?xml version="1.0" encoding="UTF-8"?>
              <recording xmlns='urn:ietf:params:xml:ns:recording:1'>
              <datamode>complete</datamode>
              <session session_id="YmVuY2g="><sipSessionID>bench-[call_id]</sipSessionID></session>
              <participant participant_id="P1"><nameID aor="sip:0312345678@example.jp"><name xml:lang="ja">負荷 試験</name></nameID></participant>
              <participant participant_id="P2"><nameID aor="sip:201@cityhall.example.jp"><name xml:lang="ja">職員</name></nameID></participant>
              <stream stream_id="S1" session_id="YmVuY2g="><label>1</label></stream>
              <stream stream_id="S2" session_id="YmVuY2g="><label>2</label></stream>
              <participantstreamassoc participant_id="P1"><send>S1</send><recv>S2</recv></participantstreamassoc>
              <participantstreamassoc participant_id="P2"><send>S2</send><recv>S1</recv></participantstreamassoc>
              </recording>
              --RecAceBoundary--

            ]]>
          </send>

          <recv response="100" optional="true" />
          <recv response="200">
            <action>
              <ereg regexp="m=audio ([0-9]+) .*m=audio ([0-9]+) " search_in="body" check_it="true" assign_to="all,p1,p2" />
            </action>
          </recv>

          <send>
            <![CDATA[

              ACK sip:srs@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: <sip:src@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: <sip:srs@[remote_ip]:[remote_port]>[peer_tag_param]
              Call-ID: [call_id]
              CSeq: 1 ACK
              Contact: <sip:src@[local_ip]:[local_port];transport=[transport]>
              Max-Forwards: 70
              Content-Length: 0

            ]]>
          </send>

          <nop><action><exec command="echo [$p1] [$p2] >> {{portsFile}}" /></action></nop>
          <Reference variables="all" />
          <pause milliseconds="{{holdMs}}" />

          <send retrans="500">
            <![CDATA[

              BYE sip:srs@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: <sip:src@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: <sip:srs@[remote_ip]:[remote_port]>[peer_tag_param]
              Call-ID: [call_id]
              CSeq: 3 BYE
              Max-Forwards: 70
              Content-Length: 0

            ]]>
          </send>
          <recv response="200" crlf="true" />
        </scenario>
        """;
}
