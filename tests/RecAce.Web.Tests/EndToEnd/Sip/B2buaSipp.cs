using System.Diagnostics;
using System.Globalization;

namespace RecAce.Web.Tests.EndToEnd.Sip;

/// <summary>The real sipp, one call, bounded in time, on 127.0.0.1.</summary>
internal sealed class B2buaSipp : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stderr;
    private readonly Task<string> _stdout;

    private B2buaSipp(Process process, string log)
    {
        _process = process;
        Log = log;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public string Log { get; }

    /// <summary>Starts sipp with a scenario; <paramref name="remote"/> is null for a UAS.</summary>
    public static B2buaSipp Start(string folder, string scenario, int localPort, string? remote, string service = "0120")
    {
        var file = Path.Combine(folder, $"scenario-{Guid.NewGuid():N}.xml");
        File.WriteAllText(file, scenario);
        var log = Path.Combine(folder, $"sipp-{Guid.NewGuid():N}.log");
        var psi = new ProcessStartInfo("sipp") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = folder };
        var args = new List<string>();
        if (remote is not null) args.Add(remote);
        args.AddRange(["-sf", file, "-i", "127.0.0.1", "-p", localPort.ToString(CultureInfo.InvariantCulture), "-m", "1", "-s", service,
            "-timeout", "40s", "-timeout_error", "-trace_msg", "-message_file", log, "-nostdin", "-bind_local"]);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return new B2buaSipp(Process.Start(psi) ?? throw new InvalidOperationException("sipp did not start"), log);
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

    private static string Tail(string text, int length = 1500) => text.Length <= length ? text : text[^length..];

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(true);
        _process.Dispose();
    }

    public static int FreeUdpPort()
    {
        using var s = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        s.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        return ((System.Net.IPEndPoint)s.LocalEndPoint!).Port;
    }
}
