using System.Diagnostics;
using System.Globalization;

namespace RecAce.Plugin.Sip.Tests.B2bua;

/// <summary>
/// The real baresip, headless: its audio source is a WAV file (aufile), what it receives is
/// written by the sndfile module (<c>*-dec.wav</c>), the player is ALSA's null device. Bounded by -t.
/// </summary>
internal sealed class Baresip : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;

    private Baresip(Process process, string dumps)
    {
        _process = process;
        Dumps = dumps;
        _output = process.StandardOutput.ReadToEndAsync();
    }

    /// <summary>The folder sndfile writes into.</summary>
    public string Dumps { get; }

    /// <param name="sipPort">Its SIP port (it also takes the next for TCP; leave a gap between instances).</param>
    /// <param name="rtpPorts">Its RTP range, for example <c>30000-30049</c>.</param>
    /// <param name="dial">A URI to call at start, or null to wait and answer automatically.</param>
    public static Baresip Start(string folder, string name, int sipPort, string rtpPorts, string sourceWav, string? dial, int seconds)
    {
        var config = Path.Combine(folder, name);
        var dumps = Path.Combine(config, "dumps");
        Directory.CreateDirectory(dumps);
        var inv = CultureInfo.InvariantCulture;
        File.WriteAllText(Path.Combine(config, "config"), string.Join('\n',
            "poll_method epoll",
            string.Create(inv, $"sip_listen 127.0.0.1:{sipPort}"),
            "sip_trans_def udp",
            "net_interface 127.0.0.1",
            "audio_player alsa,null",
            "audio_alert alsa,null",
            $"audio_source aufile,{sourceWav}",
            $"rtp_ports {rtpPorts}",
            "module_path /usr/lib/baresip/modules",
            "module g711.so", "module g722.so", "module aufile.so", "module alsa.so", "module sndfile.so",
            "module account.so", "module menu.so", "module uuid.so",
            $"snd_path {dumps}", string.Empty));
        File.WriteAllText(Path.Combine(config, "accounts"), string.Create(inv, $"<sip:{name}@127.0.0.1:{sipPort};transport=udp>;regint=0;answermode=auto\n"));
        var psi = new ProcessStartInfo("baresip") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in (string[])["-f", config, "-t", seconds.ToString(inv)]) psi.ArgumentList.Add(a);
        if (dial is not null)
        {
            psi.ArgumentList.Add("-e");
            psi.ArgumentList.Add($"/dial {dial}");
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("baresip did not start");
        _ = process.StandardError.ReadToEndAsync();
        return new Baresip(process, dumps);
    }

    public async Task<string> WaitAsync(TimeSpan limit)
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

        var text = await _output;
        return text.Length > 3000 ? text[^3000..] : text;
    }

    /// <summary>The received audio sndfile wrote (16-bit mono), or empty.</summary>
    public short[] Received() =>
        Directory.GetFiles(Dumps, "*-dec.wav") is [var file, ..] ? Wav.Read(file) : [];

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(true);
        _process.Dispose();
    }
}

/// <summary>Reads and writes 16-bit mono PCM WAV files.</summary>
internal static class Wav
{
    public static short[] Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var offset = 12;
        while (offset + 8 <= bytes.Length)
        {
            var id = System.Text.Encoding.ASCII.GetString(bytes, offset, 4);
            var size = BitConverter.ToInt32(bytes, offset + 4);
            if (id == "data")
            {
                size = Math.Min(size < 0 ? int.MaxValue : size, bytes.Length - offset - 8);
                var samples = new short[size / 2];
                Buffer.BlockCopy(bytes, offset + 8, samples, 0, samples.Length * 2);
                return samples;
            }

            offset += 8 + size + (size % 2);
        }

        return [];
    }

    public static void Write(string path, short[] samples, int rate)
    {
        using var w = new BinaryWriter(File.Create(path));
        w.Write("RIFF"u8);
        w.Write(36 + (samples.Length * 2));
        w.Write("WAVEfmt "u8);
        w.Write(16);
        w.Write((short)1);
        w.Write((short)1);
        w.Write(rate);
        w.Write(rate * 2);
        w.Write((short)2);
        w.Write((short)16);
        w.Write("data"u8);
        w.Write(samples.Length * 2);
        foreach (var s in samples) w.Write(s);
    }
}
