using System.Net;
using System.Net.Sockets;
using RecAce.Core.Transcription.Models;

namespace RecAce.Core.Tests.Transcription;

/// <summary>Resumable download against a small HTTP server on 127.0.0.1 that honours Range.</summary>
public sealed class SpeechModelDownloaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("recace-download").FullName;
    private readonly byte[] _body = [.. Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7 % 251))];
    private readonly List<string?> _ranges = [];

    [Fact]
    public async Task FetchResumingAsync_PartialFilePresent_RequestsOnlyTheRestAndCompletesTheFile()
    {
        using var server = Serve(honourRange: true, out var uri);
        var partial = Path.Combine(_dir, "m.download");
        await File.WriteAllBytesAsync(partial, _body[..120_000]);
        using var http = new HttpClient();
        var sut = new SpeechModelDownloader(http, null!);

        await sut.FetchResumingAsync(uri, partial, CancellationToken.None);

        Assert.Equal("bytes=120000-", Assert.Single(_ranges));
        Assert.Equal(_body, await File.ReadAllBytesAsync(partial));
    }

    [Fact]
    public async Task FetchResumingAsync_ServerIgnoresRange_StartsOver()
    {
        using var server = Serve(honourRange: false, out var uri);
        var partial = Path.Combine(_dir, "m.download");
        await File.WriteAllBytesAsync(partial, new byte[50_000]);
        using var http = new HttpClient();

        await new SpeechModelDownloader(http, null!).FetchResumingAsync(uri, partial, CancellationToken.None);

        Assert.Equal(_body, await File.ReadAllBytesAsync(partial));
    }

    [Fact]
    public async Task FetchResumingAsync_AlreadyComplete_LeavesTheFile()
    {
        using var server = Serve(honourRange: true, out var uri);
        var partial = Path.Combine(_dir, "m.download");
        await File.WriteAllBytesAsync(partial, _body);
        using var http = new HttpClient();

        await new SpeechModelDownloader(http, null!).FetchResumingAsync(uri, partial, CancellationToken.None);

        Assert.Equal(_body, await File.ReadAllBytesAsync(partial));
    }

    private HttpListener Serve(bool honourRange, out Uri uri)
    {
        var port = FreePort();
        var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        uri = new Uri($"http://127.0.0.1:{port}/ggml-test.bin");
        _ = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext ctx;
                try
                {
                    ctx = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                var range = ctx.Request.Headers["Range"];
                lock (_ranges) _ranges.Add(range);
                var from = 0;
                if (honourRange && range is not null && range.StartsWith("bytes=", StringComparison.Ordinal))
                {
                    from = int.Parse(range[6..].TrimEnd('-'), System.Globalization.CultureInfo.InvariantCulture);
                    if (from >= _body.Length)
                    {
                        ctx.Response.StatusCode = 416;
                        ctx.Response.Close();
                        continue;
                    }

                    ctx.Response.StatusCode = 206;
                    ctx.Response.Headers["Content-Range"] = $"bytes {from}-{_body.Length - 1}/{_body.Length}";
                }

                ctx.Response.ContentLength64 = _body.Length - from;
                await ctx.Response.OutputStream.WriteAsync(_body.AsMemory(from));
                ctx.Response.Close();
            }
        });
        return listener;
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
