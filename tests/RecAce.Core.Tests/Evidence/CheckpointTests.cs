using LinqToDB;
using LinqToDB.Async;
using RecAce.Core.Evidence;
using RecAce.Core.Storage.Recordings;

namespace RecAce.Core.Tests.Evidence;

[Trait("Category", "Integration")]
public sealed class CheckpointTests : IDisposable
{
    private readonly ChainStore _store = new();

    [Fact]
    public async Task CheckpointHeadAsync_HeadUnchanged_ReturnsTheSameCheckpoint()
    {
        Assert.Null(await _store.Checkpoints.CheckpointHeadAsync(CancellationToken.None));
        await _store.AppendAsync();
        var first = await _store.Checkpoints.CheckpointHeadAsync(CancellationToken.None);
        var again = await _store.Checkpoints.CheckpointHeadAsync(CancellationToken.None);
        Assert.NotNull(first);
        Assert.Equal(first.Id, again!.Id);
        await _store.AppendAsync();
        var moved = await _store.Checkpoints.CheckpointHeadAsync(CancellationToken.None);
        Assert.Equal(2, moved!.Sequence);
        Assert.True(ServerKey.Verify(_store.Key.Key.PublicKeyPem, CheckpointText.Bytes(moved.Sequence, moved.HeadHash, moved.AtMs, moved.KeyId), Convert.FromBase64String(moved.Signature)));
    }

    [Fact]
    public async Task VerifyAsync_CheckpointRewrittenOrSignedEntryChanged_IsReported()
    {
        await _store.AppendAsync();
        await _store.AppendAsync();
        var checkpoint = await _store.Checkpoints.CheckpointHeadAsync(CancellationToken.None);
        var verifier = new IntegrityVerifier(_store.Db, _store.Chain, _store.Key, new FolderRecordingStore(_store.DataDirectory), TimeProvider.System);
        Assert.DoesNotContain((await verifier.VerifyAsync(null, CancellationToken.None)).Problems, p => p.StartsWith("chain:", StringComparison.Ordinal));

        using (var db = _store.Db.Open())
        {
            // Someone moves the signed head to a hash of their choosing: the signature no longer holds.
            await db.ChainCheckpoints.Where(c => c.Id == checkpoint!.Id).Set(c => c.HeadHash, new string('f', 64)).UpdateAsync();
        }

        var report = await verifier.VerifyAsync(null, CancellationToken.None);
        Assert.Contains($"chain: checkpoint {checkpoint!.Id} has an invalid signature", report.Problems);
    }

    public void Dispose() => _store.Dispose();
}
