using System.Globalization;

namespace RecAce.Web.Tests.EndToEnd;

/// <summary>
/// A real call between two sipp instances on loopback, each playing a headerless mu-law file as RTP
/// (espeak-ng speech from the caller, a sox sweep from the callee), captured by tcpdump into a pcap.
/// </summary>
internal sealed class SippLoopbackCall
{
    private SippLoopbackCall(string pcap, string callerSource, string calleeSource, double seconds)
    {
        Pcap = pcap;
        CallerSource = callerSource;
        CalleeSource = calleeSource;
        Seconds = seconds;
    }

    public string Pcap { get; }

    /// <summary>WAV (8 kHz mono) of what the caller sent.</summary>
    public string CallerSource { get; }

    /// <summary>WAV (8 kHz mono) of what the callee sent.</summary>
    public string CalleeSource { get; }

    /// <summary>How long the call lasted from answer to BYE.</summary>
    public double Seconds { get; }

    public static async Task<SippLoopbackCall> RecordAsync(string folder)
    {
        Directory.CreateDirectory(folder);
        await MediaTools.RunAsync("espeak-ng", "-v", "en", "-w", Path.Combine(folder, "caller.wav"),
            "This is a recorded call to the city hall. Please hold while we connect you to the right section.");
        await MediaTools.RunAsync("sox", Path.Combine(folder, "caller.wav"), "-r", "8000", "-c", "1", "-t", "ul", Path.Combine(folder, "caller.ulaw"));
        await MediaTools.RunAsync("sox", "-n", "-r", "8000", "-c", "1", "-t", "ul", Path.Combine(folder, "callee.ulaw"), "synth", "3", "sine", "300-900");
        // The sources as the network carried them: mu-law, decoded back to 16-bit PCM.
        var callerSource = Path.Combine(folder, "caller-source.wav");
        var calleeSource = Path.Combine(folder, "callee-source.wav");
        await MediaTools.RunAsync("sox", "-t", "ul", "-r", "8000", "-c", "1", Path.Combine(folder, "caller.ulaw"), callerSource);
        await MediaTools.RunAsync("sox", "-t", "ul", "-r", "8000", "-c", "1", Path.Combine(folder, "callee.ulaw"), calleeSource);
        var callMs = (int)(new FileInfo(Path.Combine(folder, "caller.ulaw")).Length / 8) + 300;

        var root = Path.Combine(RepoPaths.Root, "tests", "RecAce.Web.Tests", "EndToEnd", "Sipp");
        await File.WriteAllTextAsync(Path.Combine(folder, "uac.xml"),
            (await File.ReadAllTextAsync(Path.Combine(root, "uac.xml"))).Replace("CALL_MS", callMs.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        File.Copy(Path.Combine(root, "uas.xml"), Path.Combine(folder, "uas.xml"), overwrite: true);

        // Ports of our own, so traffic of other tests on loopback stays out of the capture.
        var basePort = 20000 + Random.Shared.Next(0, 400) * 100;
        string P(int offset) => (basePort + offset).ToString(CultureInfo.InvariantCulture);
        var pcap = Path.Combine(folder, "call.pcap");
        using var tcpdump = ExternalTools.Start("tcpdump", folder, "-i", "lo", "-U", "-n", "--immediate-mode", "-w", pcap,
            $"udp and (port {P(0)} or port {P(10)} or port {P(20)} or port {P(30)})");
        await WaitForLineAsync(tcpdump.StandardError, "listening on", TimeSpan.FromSeconds(10));
        try
        {
            using var uas = ExternalTools.Start("sipp", folder, "-sf", "uas.xml", "-i", "127.0.0.1", "-p", P(10), "-m", "1", "-mp", P(30), "-nostdin", "-timeout", "30s");
            await Task.Delay(500);
            var (code, output) = await ExternalTools.RunAsync("sipp", folder, TimeSpan.FromSeconds(40),
                "-sf", "uac.xml", "-i", "127.0.0.1", "-p", P(0), "-m", "1", "-mp", P(20), $"127.0.0.1:{P(10)}", "-nostdin", "-timeout", "30s");
            if (code != 0) throw new InvalidOperationException($"sipp caller failed ({code}): {output[^Math.Min(output.Length, 2000)..]}");
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await uas.WaitForExitAsync(cts.Token);
            // Immediate mode hands every packet over at once; still give the last ones a moment before stopping.
            await Task.Delay(1000);
        }
        finally
        {
            await ExternalTools.InterruptAsync(tcpdump, TimeSpan.FromSeconds(10));
        }
        return new SippLoopbackCall(pcap, callerSource, calleeSource, callMs / 1000.0);
    }

    private static async Task WaitForLineAsync(StreamReader reader, string text, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (await reader.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.Contains(text, StringComparison.Ordinal)) return;
        }
        throw new InvalidOperationException($"never printed '{text}'");
    }
}
