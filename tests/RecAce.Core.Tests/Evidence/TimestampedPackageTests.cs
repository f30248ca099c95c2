using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RecAce.Core.Evidence;
using RecAce.Core.Evidence.Packages;
using RecAce.Data.Integrity;

namespace RecAce.Core.Tests.Evidence;

/// <summary><c>verify-package</c>'s checks on a package whose checkpoint a real RFC 3161 authority (openssl) stamped.</summary>
[Trait("Category", "RealPeer")]
public sealed class TimestampedPackageTests : IDisposable
{
    private readonly string _zip = Path.Combine(Path.GetTempPath(), $"recace-package-{Guid.NewGuid():N}.zip");

    [Fact]
    public async Task VerifyAsync_StampedCheckpoint_ReportsTheStampAndFailsWhenItIsSwapped()
    {
        Assert.True(OpenSslTsa.Available, "openssl is needed");
        await using var tsa = await OpenSslTsa.StartAsync();
        using var store = new ChainStore(tsa.Url.ToString());
        var recording = RandomNumberGenerator.GetBytes(2048);
        var id = Guid.NewGuid();
        var print = new CallFingerprint(id, 1_700_000_000_000, 1_700_000_060_000, 60_000, 1, "0312345678", null, "201", null, $"recordings/{id:N}.opus", recording.Length);
        var sha = Convert.ToHexStringLower(SHA256.HashData(recording));
        await store.Chain.AppendAsync((_, _) => Task.FromResult<EntryDraft?>(new EntryDraft(ChainEntryKind.Seal, id, sha, print.Digest(), null)), CancellationToken.None);
        await store.AppendAsync();
        var proof = await new ChainProofs(store.Chain, store.Checkpoints).ForCallAsync(id, CancellationToken.None);
        Assert.Equal(2, proof.Entries.Count);
        Assert.NotNull(proof.Checkpoint.TimestampToken);

        var metadata = new PackageMetadata(PackageMetadata.CurrentFormat, id, $"recording/{id:N}.opus", sha, "ogg/opus", DateTimeOffset.UnixEpoch, null, 60_000, "着信",
            "0312345678", null, "201", null, "test", DateTimeOffset.UnixEpoch, "auditor", "test", print);
        var files = new Dictionary<string, byte[]>
        {
            [metadata.RecordingFile] = recording,
            [PackageLayout.Metadata] = JsonSerializer.SerializeToUtf8Bytes(metadata, ChainProof.Json),
            [PackageLayout.Proof] = JsonSerializer.SerializeToUtf8Bytes(proof, ChainProof.Json),
            [PackageLayout.CheckpointText] = proof.Checkpoint.SignedBytes(),
            [PackageLayout.CheckpointSignature] = Convert.FromBase64String(proof.Checkpoint.Signature),
            [PackageLayout.PublicKey] = Encoding.ASCII.GetBytes(store.Key.Key.PublicKeyPem),
            [PackageLayout.CheckpointTimestamp] = Convert.FromBase64String(proof.Checkpoint.TimestampToken!),
        };
        Write(files);
        var report = await PackageVerifier.VerifyAsync(_zip, store.Key.Key.PublicKeyPem, 1 << 20, CancellationToken.None);
        Assert.True(report.Intact, string.Join('\n', report.Failed));
        Assert.Contains(report.Passed, p => p.StartsWith("time-stamp: valid", StringComparison.Ordinal) && p.Contains("CN=RecAce Test TSA", StringComparison.Ordinal));

        // A stamp of other data (here: of a second checkpoint) does not vouch for this one.
        await store.AppendAsync();
        var other = await store.Checkpoints.CheckpointHeadAsync(CancellationToken.None);
        files[PackageLayout.CheckpointTimestamp] = Convert.FromBase64String(other!.TimestampToken!);
        Write(files);
        report = await PackageVerifier.VerifyAsync(_zip, null, 1 << 20, CancellationToken.None);
        Assert.Contains("time-stamp: does not verify for this checkpoint", report.Failed);
    }

    public void Dispose() => File.Delete(_zip);

    private void Write(Dictionary<string, byte[]> files)
    {
        File.Delete(_zip);
        using var zip = ZipFile.Open(_zip, ZipArchiveMode.Create);
        var sums = new StringBuilder();
        foreach (var (name, bytes) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            using (var s = zip.CreateEntry(name).Open()) s.Write(bytes);
            sums.Append(Convert.ToHexStringLower(SHA256.HashData(bytes))).Append("  ").Append(name).Append('\n');
        }

        using var m = zip.CreateEntry(PackageLayout.Manifest).Open();
        m.Write(Encoding.UTF8.GetBytes(sums.ToString()));
    }
}
