using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace RecAce.Web.Tests.EndToEnd;

/// <summary>The real <c>recace</c> host as a separate process, as an operator runs it.</summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _log = [];

    private HostProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string Log
    {
        get { lock (_log) return string.Join('\n', _log.TakeLast(200)); }
    }

    public static async Task<HostProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort();
        var start = Start(["serve"], settings, port);
        var host = new HostProcess(start, new Uri($"http://127.0.0.1:{port}"));
        start.OutputDataReceived += (_, e) => host.Append(e.Data);
        start.ErrorDataReceived += (_, e) => host.Append(e.Data);
        start.BeginOutputReadLine();
        start.BeginErrorReadLine();
        await host.WaitUntilServingAsync(TimeSpan.FromSeconds(60));
        return host;
    }

    /// <summary>Runs a CLI verb to the end and returns its exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunVerbAsync(IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        using var p = Start(args, settings, 0);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(timeout.Token);
        return (p.ExitCode, (await stdout).Trim(), (await stderr).Trim());
    }

    public HttpClient CreateClient(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a power cut of the process.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static Process Start(string[] args, IReadOnlyDictionary<string, string> settings, int port)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepoPaths.HostDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(RepoPaths.HostDirectory, "recace.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["Urls"] = $"http://127.0.0.1:{port}";
        psi.Environment["DOTNET_ENVIRONMENT"] = "Production";
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings) psi.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        // The PostgreSQL run: every data folder gets its own database, shared by the verbs and hosts on that folder.
        if (RecAce.Tests.TestDatabase.IsPostgres && !settings.ContainsKey("RecAce:Database:Provider")
            && settings.TryGetValue("RecAce:DataDirectory", out var dataDirectory))
        {
            foreach (var (key, value) in RecAce.Tests.TestDatabase.ForDataDirectory(dataDirectory).EnvironmentVariables) psi.Environment[key] = value;
        }

        return Process.Start(psi) ?? throw new InvalidOperationException("dotnet did not start");
    }

    private async Task WaitUntilServingAsync(TimeSpan limit)
    {
        using var client = CreateClient();
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The host exited with {_process.ExitCode}:\n{Log}");
            try
            {
                var r = await client.GetAsync("/healthz");
                if (r.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable) return;
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The host did not answer /healthz within {limit}:\n{Log}");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.Add(line);
    }

    /// <summary>A TCP port free on 127.0.0.1 now.</summary>
    internal static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
