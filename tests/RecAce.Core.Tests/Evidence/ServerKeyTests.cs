using System.Text;
using RecAce.Core.Evidence;

namespace RecAce.Core.Tests.Evidence;

public sealed class ServerKeyTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "recace-key-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void LoadOrCreate_FirstStart_CreatesOwnerOnlyKeyAndPublicPemThatVerifies()
    {
        var path = Path.Combine(_folder, "evidence-key.pem");
        string keyId;
        byte[] signature;
        var data = Encoding.UTF8.GetBytes("recace-checkpoint-v1\n");
        using (var key = ServerKey.LoadOrCreate(path))
        {
            keyId = key.KeyId;
            signature = key.Sign(data);
            Assert.True(ServerKey.Verify(File.ReadAllText(key.PublicKeyPath), data, signature));
            Assert.Equal(keyId, ServerKey.KeyIdOf(File.ReadAllText(key.PublicKeyPath)));
        }

        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        using var again = ServerKey.LoadOrCreate(path);
        Assert.Equal(keyId, again.KeyId);
        Assert.False(ServerKey.Verify(again.PublicKeyPem, Encoding.UTF8.GetBytes("other"), signature));
    }

    [Fact]
    public void LoadOrCreate_GarbageFile_ThrowsWithThePath()
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, "evidence-key.pem");
        File.WriteAllText(path, "not a key");
        var e = Assert.Throws<InvalidDataException>(() => ServerKey.LoadOrCreate(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, true);
    }
}
