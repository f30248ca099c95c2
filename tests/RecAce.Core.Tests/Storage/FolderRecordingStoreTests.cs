using RecAce.Core;
using RecAce.Core.Storage.Recordings;

namespace RecAce.Core.Tests.Storage;

/// <summary>The folder recording store on a root other than the data folder, as a shared mount is configured.</summary>
public sealed class FolderRecordingStoreTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("recace-folderstore-").FullName;

    [Fact]
    public async Task PutAsync_NonDefaultRoot_StoresReadOnlyUnderThatRootAndNeverReplaces()
    {
        var options = new RecAceOptions { DataDirectory = Path.Combine(_temp, "data") };
        options.Storage.Root = Path.Combine(_temp, "share");
        var store = Assert.IsType<FolderRecordingStore>(RecordingStoreServices.Create(options));
        var first = Source("first", 1);
        var second = Source("second", 2);

        var stored = await store.PutAsync("recordings/2026/04/01/a.opus", first, CancellationToken.None);
        var again = await store.PutAsync("recordings/2026/04/01/a.opus", second, CancellationToken.None);

        var target = Path.Combine(_temp, "share", "recordings", "2026", "04", "01", "a.opus");
        Assert.True(File.Exists(target));
        Assert.False(Directory.Exists(Path.Combine(_temp, "data", "recordings")));
        Assert.False(stored.AlreadyExisted);
        Assert.True(again.AlreadyExisted);
        Assert.Equal(stored.Sha256, again.Sha256);
        Assert.Equal(await File.ReadAllBytesAsync(first), await File.ReadAllBytesAsync(target));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead, File.GetUnixFileMode(target));
        // Only the sealed file is left: no partial copies beside it.
        Assert.Single(Directory.EnumerateFiles(Path.GetDirectoryName(target)!));
    }

    [Fact]
    public async Task OpenLocalAsync_FolderStore_GivesTheStoredFileItselfAndKeepsIt()
    {
        var store = new FolderRecordingStore(Path.Combine(_temp, "share"));
        var stored = await store.PutAsync("recordings/b.opus", Source("b", 3), CancellationToken.None);

        string path;
        await using (var local = await store.OpenLocalAsync("recordings/b.opus", stored.Sha256, CancellationToken.None))
        {
            Assert.NotNull(local);
            Assert.False(local.Temporary);
            path = local.Path;
        }

        Assert.True(File.Exists(path));
        Assert.True(await store.DeleteAsync("recordings/b.opus", CancellationToken.None));
        Assert.False(File.Exists(path));
        Assert.Null(await store.OpenLocalAsync("recordings/b.opus", stored.Sha256, CancellationToken.None));
    }

    [Theory]
    [InlineData("../outside.opus")]
    [InlineData("/etc/passwd")]
    [InlineData("recordings/../../x.opus")]
    [InlineData("recordings\\x.opus")]
    public async Task OpenReadAsync_KeyLeavingTheRoot_IsRefused(string key)
    {
        var store = new FolderRecordingStore(Path.Combine(_temp, "share"));
        await Assert.ThrowsAsync<RecordingStoreException>(() => store.OpenReadAsync(key, CancellationToken.None));
    }

    public void Dispose()
    {
        foreach (var f in Directory.EnumerateFiles(_temp, "*", SearchOption.AllDirectories)) File.SetAttributes(f, FileAttributes.Normal);
        Directory.Delete(_temp, recursive: true);
    }

    private string Source(string name, int seed)
    {
        var bytes = new byte[4096];
        new Random(seed).NextBytes(bytes);
        var path = Path.Combine(_temp, name + ".bin");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
