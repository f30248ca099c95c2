using Amazon.S3.Model;
using RecAce.Core.Storage.Recordings;
using RecAce.Web.Tests.EndToEnd;

namespace RecAce.Web.Tests.Storage;

/// <summary>The S3 recording store against a real S3-protocol server process (s3rver), checked with the plain SDK.</summary>
[Trait("Category", "Integration")]
public sealed class S3RecordingStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new("recace-s3store");

    [Fact]
    public async Task PutAsync_KeyExists_KeepsTheFirstObjectAndReportsItsHash()
    {
        await using var server = await S3Server.StartAsync();
        using var store = new S3RecordingStore(server.Options("node-a/"), _temp.Path);
        var first = File(7, 50_000);
        var second = File(8, 50_000);

        var stored = await store.PutAsync("recordings/2026/04/01/a.opus", first, CancellationToken.None);
        var again = await store.PutAsync("recordings/2026/04/01/a.opus", second, CancellationToken.None);

        Assert.False(stored.AlreadyExisted);
        Assert.Equal(await Sha(first), stored.Sha256);
        Assert.True(again.AlreadyExisted);
        Assert.Equal(stored.Sha256, again.Sha256);
        Assert.Equal(stored.Sha256, await ObjectShaAsync(server, "node-a/recordings/2026/04/01/a.opus"));
    }

    [Fact]
    public async Task OpenReadAsync_SeekThenRead_ReturnsThatRangeOfTheObject()
    {
        await using var server = await S3Server.StartAsync();
        using var store = new S3RecordingStore(server.Options(), _temp.Path);
        var file = File(9, 200_000);
        await store.PutAsync("recordings/r.opus", file, CancellationToken.None);
        var bytes = await System.IO.File.ReadAllBytesAsync(file);

        await using var stream = await store.OpenReadAsync("recordings/r.opus", CancellationToken.None);
        Assert.NotNull(stream);
        Assert.Equal(bytes.Length, stream.Length);
        stream.Seek(123_456, SeekOrigin.Begin);
        var part = new byte[1000];
        await stream.ReadExactlyAsync(part);
        Assert.Equal(bytes.AsSpan(123_456, 1000).ToArray(), part);
        stream.Seek(10, SeekOrigin.Begin);
        await stream.ReadExactlyAsync(part.AsMemory(0, 10));
        Assert.Equal(bytes.AsSpan(10, 10).ToArray(), part[..10]);
    }

    [Fact]
    public async Task OpenLocalAsync_ObjectReplacedBehindTheStore_RefusesAndLeavesNoCopy()
    {
        await using var server = await S3Server.StartAsync();
        using var store = new S3RecordingStore(server.Options(), _temp.Path);
        var file = File(10, 30_000);
        var stored = await store.PutAsync("recordings/t.opus", file, CancellationToken.None);

        await using (var local = await store.OpenLocalAsync("recordings/t.opus", stored.Sha256, CancellationToken.None))
        {
            Assert.NotNull(local);
            Assert.True(local.Temporary);
            Assert.Equal(stored.Sha256, await Sha(local.Path));
            Assert.False(local.Path.StartsWith(Path.GetDirectoryName(file)!, StringComparison.Ordinal) && local.Path == file);
        }

        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_temp.Path, "tmp", "recordings")));

        using (var client = server.CreateClient())
        {
            await client.PutObjectAsync(new PutObjectRequest { BucketName = S3Server.Bucket, Key = "recordings/t.opus", ContentBody = "tampered", UseChunkEncoding = false });
        }

        var e = await Assert.ThrowsAsync<RecordingStoreException>(() => store.OpenLocalAsync("recordings/t.opus", stored.Sha256, CancellationToken.None));
        Assert.Contains("does not match its sealed SHA-256", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_temp.Path, "tmp", "recordings")));
    }

    [Fact]
    public async Task DeleteAsync_Existing_RemovesTheObjectOnce()
    {
        await using var server = await S3Server.StartAsync();
        using var store = new S3RecordingStore(server.Options(), _temp.Path);
        await store.PutAsync("recordings/d.opus", File(11, 1000), CancellationToken.None);

        Assert.True(await store.DeleteAsync("recordings/d.opus", CancellationToken.None));
        Assert.Null(await store.SizeAsync("recordings/d.opus", CancellationToken.None));
        Assert.False(await store.DeleteAsync("recordings/d.opus", CancellationToken.None));
        Assert.Null(await store.OpenReadAsync("recordings/d.opus", CancellationToken.None));
    }

    [Fact]
    public async Task PutAsync_KeyLeavingThePrefix_IsRefused()
    {
        await using var server = await S3Server.StartAsync();
        using var store = new S3RecordingStore(server.Options("a/"), _temp.Path);
        await Assert.ThrowsAsync<RecordingStoreException>(() => store.PutAsync("../b/x.opus", File(12, 10), CancellationToken.None));
    }

    public void Dispose() => _temp.Dispose();

    private string File(int seed, int size)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        var path = _temp.Combine($"source-{seed}.bin");
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    private static async Task<string> Sha(string path) => (await RecordingHash.OfFileAsync(path, CancellationToken.None)).Sha256;

    private static async Task<string> ObjectShaAsync(S3Server server, string key)
    {
        using var client = server.CreateClient();
        using var response = await client.GetObjectAsync(S3Server.Bucket, key);
        return await RecordingHash.OfStreamAsync(response.ResponseStream, CancellationToken.None);
    }
}
