using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RecAce.Core.Tests.Evidence;

/// <summary>
/// A real RFC 3161 time-stamp authority: <c>openssl ts -reply</c> with a test CA and TSA certificate,
/// behind a small HTTP listener on 127.0.0.1. Answers until disposed.
/// </summary>
internal sealed class OpenSslTsa : IAsyncDisposable
{
    private readonly string _folder;
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _served;

    private OpenSslTsa(string folder, int port)
    {
        _folder = folder;
        Url = new Uri($"http://127.0.0.1:{port}/tsa");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    public int Served => _served;

    public static bool Available => File.Exists("/usr/bin/openssl");

    public static async Task<OpenSslTsa> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "recace-tsa-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "ext.cnf"), "extendedKeyUsage = critical,timeStamping\nkeyUsage = critical,digitalSignature\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "serial"), "01\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "ts.cnf"), $"""
            [ tsa ]
            default_tsa = tsa_config
            [ tsa_config ]
            dir = {folder}
            serial = $dir/serial
            signer_cert = $dir/tsa.crt
            signer_key = $dir/tsa.key
            signer_digest = sha256
            default_policy = 1.2.3.4.1
            digests = sha256
            accuracy = secs:1
            ordering = no
            tsa_name = yes
            ess_cert_id_chain = no
            ess_cert_id_alg = sha256
            """);
        await RunAsync(folder, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=RecAce Test TSA CA");
        await RunAsync(folder, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "tsa.key", "-out", "tsa.csr", "-subj", "/CN=RecAce Test TSA");
        await RunAsync(folder, "x509", "-req", "-in", "tsa.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "tsa.crt", "-days", "2", "-extfile", "ext.cnf");
        return new OpenSslTsa(folder, FreePort());
    }

    public string CaCertificate => Path.Combine(_folder, "ca.crt");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
        }

        _listener.Close();
        _stop.Dispose();
        Directory.Delete(_folder, true);
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            var name = Guid.NewGuid().ToString("N");
            var query = Path.Combine(_folder, name + ".tsq");
            await using (var file = File.Create(query))
            {
                await context.Request.InputStream.CopyToAsync(file);
            }

            await RunAsync(_folder, "ts", "-reply", "-config", "ts.cnf", "-queryfile", query, "-out", name + ".tsr");
            var reply = await File.ReadAllBytesAsync(Path.Combine(_folder, name + ".tsr"));
            context.Response.ContentType = "application/timestamp-reply";
            await context.Response.OutputStream.WriteAsync(reply);
            context.Response.Close();
            Interlocked.Increment(ref _served);
        }
    }

    private static async Task RunAsync(string folder, params string[] args)
    {
        var psi = new ProcessStartInfo("openssl") { WorkingDirectory = folder, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await p.WaitForExitAsync(timeout.Token);
        if (p.ExitCode != 0) throw new InvalidOperationException($"openssl {string.Join(' ', args)} exited {p.ExitCode}: {await stderr}{await stdout}");
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
