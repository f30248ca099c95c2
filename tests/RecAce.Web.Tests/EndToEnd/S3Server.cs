using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using RecAce.Core.Storage.Recordings;

namespace RecAce.Web.Tests.EndToEnd;

/// <summary>
/// s3rver (npm, a Node.js implementation of the S3 protocol; scripts/test.sh installs it under .tools/)
/// as a real server process on 127.0.0.1 and a free port, with one bucket, removed when disposed.
/// </summary>
internal sealed class S3Server : IAsyncDisposable
{
    public const string Bucket = "recordings";

    // s3rver's fixed credentials; the server checks the signatures made with them.
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private readonly Process _process;
    private readonly TempDirectory _folder;
    private readonly List<string> _log = [];

    private S3Server(Process process, TempDirectory folder, int port)
    {
        _process = process;
        _folder = folder;
        Endpoint = $"http://127.0.0.1:{port}";
    }

    public string Endpoint { get; }

    public static string Script => Path.Combine(RepoPaths.Root, ".tools", "s3rver", "node_modules", "s3rver", "bin", "s3rver.js");

    public string Log
    {
        get { lock (_log) return string.Join('\n', _log.TakeLast(50)); }
    }

    /// <summary>The host's configuration for this server.</summary>
    public Dictionary<string, string> Settings(string prefix = "") => new()
    {
        ["RecAce:Storage:Kind"] = "S3",
        ["RecAce:Storage:S3:Endpoint"] = Endpoint,
        ["RecAce:Storage:S3:Bucket"] = Bucket,
        ["RecAce:Storage:S3:AccessKey"] = AccessKey,
        ["RecAce:Storage:S3:SecretKey"] = SecretKey,
        ["RecAce:Storage:S3:Prefix"] = prefix,
    };

    public S3StoreOptions Options(string prefix = "") => new() { Endpoint = Endpoint, Bucket = Bucket, AccessKey = AccessKey, SecretKey = SecretKey, Prefix = prefix };

    /// <summary>A plain SDK client, to look at the bucket independently of the store under test.</summary>
    public AmazonS3Client CreateClient() => new(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
    {
        ServiceURL = Endpoint,
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    public static async Task<S3Server> StartAsync()
    {
        if (!File.Exists(Script)) throw new InvalidOperationException($"s3rver is not installed at {Script}; scripts/test.sh installs it (npm install --prefix .tools/s3rver s3rver@3.7.1)");
        var folder = new TempDirectory("recace-s3");
        var port = FreePort();
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Script, "-d", folder.Path, "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--no-vhost-buckets", "--configure-bucket", Bucket })
        {
            psi.ArgumentList.Add(a);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("node did not start");
        var server = new S3Server(process, folder, port);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilServingAsync(port);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _folder.Dispose();
    }

    private async Task WaitUntilServingAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"s3rver exited with {_process.ExitCode}:\n{Log}");
            using var client = CreateClient();
            try
            {
                // Serving and the bucket made: listing it answers.
                await client.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = Bucket });
                return;
            }
            catch (Exception e) when (e is HttpRequestException or AmazonServiceException or SocketException or IOException)
            {
                await Task.Delay(200);
            }
        }

        throw new TimeoutException($"s3rver did not answer on port {port}:\n{Log}");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.Add(line);
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
