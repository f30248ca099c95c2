using System.Security.Cryptography.Pkcs;
using RecAce.Core.Evidence;

namespace RecAce.Core.Tests.Evidence;

/// <summary>Checkpoints time-stamped by a real RFC 3161 authority (openssl ts -reply on 127.0.0.1).</summary>
[Trait("Category", "RealPeer")]
public sealed class TimestampTests
{
    [Fact]
    public async Task CheckpointHeadAsync_WithTsa_StoresATokenThatVerifiesForTheCheckpointText()
    {
        Assert.True(OpenSslTsa.Available, "openssl is needed");
        await using var tsa = await OpenSslTsa.StartAsync();
        using var store = new ChainStore(tsa.Url.ToString());
        await store.AppendAsync();

        var checkpoint = await store.Checkpoints.CheckpointHeadAsync(CancellationToken.None);

        Assert.NotNull(checkpoint?.TimestampToken);
        Assert.Equal(1, tsa.Served);
        Assert.True(Rfc3161TimestampToken.TryDecode(Convert.FromBase64String(checkpoint.TimestampToken), out var token, out _));
        var text = CheckpointText.Bytes(checkpoint.Sequence, checkpoint.HeadHash, checkpoint.AtMs, checkpoint.KeyId);
        Assert.True(token!.VerifySignatureForData(text, out var signer));
        Assert.Equal("CN=RecAce Test TSA", signer!.Subject);
        Assert.False(token.VerifySignatureForData([.. text, 0x20], out _));
        Assert.InRange(token.TokenInfo.Timestamp, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task CheckpointHeadAsync_TsaUnreachable_SignsWithoutAStamp()
    {
        // A port nothing listens on: the checkpoint is still signed, the stamp is left out and logged.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var store = new ChainStore($"http://127.0.0.1:{port}/tsa");
        await store.AppendAsync();

        var checkpoint = await store.Checkpoints.CheckpointHeadAsync(CancellationToken.None);

        Assert.NotNull(checkpoint);
        Assert.Null(checkpoint.TimestampToken);
    }
}
