using System.Diagnostics;
using System.Globalization;

namespace RecAce.Plugin.Sip.Tests.B2bua;

/// <summary>The real sipp, one call, bounded in time, on 127.0.0.1.</summary>
internal sealed class Sipp : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stderr;
    private readonly Task<string> _stdout;

    private Sipp(Process process, string log)
    {
        _process = process;
        Log = log;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public string Log { get; }

    /// <summary>Starts sipp with a scenario; <paramref name="remote"/> is null for a UAS.</summary>
    /// <param name="extra">More sipp arguments, such as <c>-t t1</c> for TCP or <c>-mp</c> for a media port.</param>
    public static Sipp Start(string folder, string scenario, int localPort, string? remote, string service = "0120", params string[] extra)
    {
        var file = Path.Combine(folder, $"scenario-{Guid.NewGuid():N}.xml");
        File.WriteAllText(file, scenario);
        var log = Path.Combine(folder, $"sipp-{Guid.NewGuid():N}.log");
        var psi = new ProcessStartInfo("sipp") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = folder };
        var args = new List<string>();
        if (remote is not null) args.Add(remote);
        args.AddRange(["-sf", file, "-i", "127.0.0.1", "-p", localPort.ToString(CultureInfo.InvariantCulture), "-m", "1", "-s", service,
            "-timeout", "40s", "-timeout_error", "-trace_msg", "-message_file", log, "-nostdin", "-bind_local", .. extra]);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return new Sipp(Process.Start(psi) ?? throw new InvalidOperationException("sipp did not start"), log);
    }

    /// <summary>Waits for sipp to finish; returns its exit code (0: the scenario passed) and its output for the assertion message.</summary>
    public async Task<(int Code, string Output)> WaitAsync(TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(true);
            await _process.WaitForExitAsync();
        }

        var messages = File.Exists(Log) ? await File.ReadAllTextAsync(Log) : "(no message log)";
        return (_process.ExitCode, $"{await _stderr}\n{Tail(await _stdout)}\n--- messages ---\n{Tail(messages, 6000)}");
    }

    /// <summary>
    /// How many responses with the status sipp's message log shows received before the first ACK it
    /// sent, and after it. sipp absorbs a resent response itself (it never satisfies a second recv),
    /// so its log is where the resends show.
    /// </summary>
    public static (int BeforeAck, int AfterAck) ReceivedAroundAck(string log, int status)
    {
        var entries = log.Split("\n------------------------------", StringSplitOptions.RemoveEmptyEntries);
        var ack = Array.FindIndex(entries, e => e.Contains("message sent", StringComparison.Ordinal) && e.Contains("\nACK sip:", StringComparison.Ordinal));
        if (ack < 0) return (-1, -1);
        var line = string.Create(CultureInfo.InvariantCulture, $"\nSIP/2.0 {status} ");
        bool Received(string e) => e.Contains("message received", StringComparison.Ordinal) && e.Contains(line, StringComparison.Ordinal);
        return (entries.Take(ack).Count(Received), entries.Skip(ack).Count(Received));
    }

    private static string Tail(string text, int length = 1500) => text.Length <= length ? text : text[^length..];

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(true);
        _process.Dispose();
    }

    /// <summary>
    /// A loopback port free for UDP and TCP, with the next one free too: baresip listens on UDP and TCP
    /// at its SIP port and takes the next for TLS, and an ephemeral UDP port may be a TCP port in use.
    /// </summary>
    public static int FreeUdpPort()
    {
        for (var attempt = 0; ; attempt++)
        {
            using var udp = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
            udp.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
            var port = ((System.Net.IPEndPoint)udp.LocalEndPoint!).Port;
            if (attempt >= 50 || (port < 65535 && CanBind(port, System.Net.Sockets.SocketType.Stream) && CanBind(port + 1, System.Net.Sockets.SocketType.Stream) && CanBind(port + 1, System.Net.Sockets.SocketType.Dgram))) return port;
        }
    }

    private static bool CanBind(int port, System.Net.Sockets.SocketType type)
    {
        using var s = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, type, type == System.Net.Sockets.SocketType.Stream ? System.Net.Sockets.ProtocolType.Tcp : System.Net.Sockets.ProtocolType.Udp);
        try
        {
            s.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port));
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
