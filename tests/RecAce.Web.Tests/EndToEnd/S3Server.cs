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

    private readonly PeerDaemon _daemon;
    private readonly TempDirectory _folder;

    private S3Server(PeerDaemon daemon, TempDirectory folder, int port)
    {
        _daemon = daemon;
        _folder = folder;
        Endpoint = $"http://127.0.0.1:{port}";
    }

    public string Endpoint { get; }

    public static string Script => Path.Combine(RepoPaths.Root, ".tools", "s3rver", "node_modules", "s3rver", "bin", "s3rver.js");

    public string Log => _daemon.Tail;

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
        var port = HostProcess.FreePort();
        var daemon = PeerDaemon.Start("node", folder.Path, Script, "-d", folder.Path, "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--no-vhost-buckets", "--configure-bucket", Bucket);
        var server = new S3Server(daemon, folder, port);
        try
        {
            await server.WaitUntilServingAsync(port);
        }
        catch
        {
            // A server that never answered is not left running behind the failed test.
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public ValueTask DisposeAsync()
    {
        _daemon.Dispose();
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task WaitUntilServingAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_daemon.HasExited) throw new InvalidOperationException($"s3rver exited:\n{Log}");
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
}
