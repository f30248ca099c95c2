using System.IO.Compression;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text;
using System.Text.Json;
using RecAce.Data.Integrity;

namespace RecAce.Core.Evidence.Packages;

/// <summary>
/// Checks an evidence package offline: the manifest, the chain proof from the recording's SHA-256
/// and the call's metadata digest up to the signed checkpoint, the signature with the included
/// public key (and optionally a key given by the auditor), and the time-stamp when there is one.
/// Unsafe paths (zip-slip) and oversized entries reject the package before anything is read.
/// </summary>
public sealed class PackageVerifier
{
    private readonly long _maxEntryBytes;
    private readonly List<string> _passed = [];
    private readonly List<string> _failed = [];

    private PackageVerifier(long maxEntryBytes) => _maxEntryBytes = maxEntryBytes;

    /// <param name="expectedPublicKeyPem">The server's public key as the auditor holds it; null to trust the key in the package.</param>
    public static async Task<PackageReport> VerifyAsync(string zipPath, string? expectedPublicKeyPem, long maxEntryBytes, CancellationToken ct)
    {
        var verifier = new PackageVerifier(maxEntryBytes);
        try
        {
            using var zip = ZipFile.OpenRead(zipPath);
            await verifier.VerifyAsync(zip, expectedPublicKeyPem, ct);
        }
        catch (InvalidDataException e)
        {
            verifier.Fail($"package: not a readable ZIP file ({e.Message})");
        }

        return new PackageReport(verifier._passed, verifier._failed);
    }

    private async Task VerifyAsync(ZipArchive zip, string? expectedPublicKeyPem, CancellationToken ct)
    {
        var files = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            if (entry.FullName.EndsWith('/') && entry.Length == 0) continue;
            if (!IsSafeName(entry.FullName))
            {
                Fail($"package: unsafe path '{Printable(entry.FullName)}' (absolute, '..' or backslash); the package is rejected");
                return;
            }

            if (entry.Length > _maxEntryBytes)
            {
                Fail($"package: '{entry.FullName}' is {entry.Length} bytes, over the limit of {_maxEntryBytes}; the package is rejected");
                return;
            }

            if (!files.TryAdd(entry.FullName, entry))
            {
                Fail($"package: '{entry.FullName}' appears twice; the package is rejected");
                return;
            }
        }

        var hashes = await CheckManifestAsync(files, ct);
        if (hashes is null) return;
        var metadata = ReadJson<PackageMetadata>(files, PackageLayout.Metadata);
        var proof = ReadJson<ChainProof>(files, PackageLayout.Proof);
        if (metadata is null || proof is null) return;
        CheckProof(files, hashes, metadata, proof, expectedPublicKeyPem);
    }

    /// <returns>Each listed file's SHA-256, or null when the manifest cannot be used at all.</returns>
    private async Task<Dictionary<string, string>?> CheckManifestAsync(Dictionary<string, ZipArchiveEntry> files, CancellationToken ct)
    {
        if (!files.TryGetValue(PackageLayout.Manifest, out var manifestEntry))
        {
            Fail($"manifest: {PackageLayout.Manifest} is missing");
            return null;
        }

        var listed = new Dictionary<string, string>(StringComparer.Ordinal);
        var ok = true;
        var text = Encoding.UTF8.GetString(ReadAll(manifestEntry));
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // sha256sum's text format: 64 hex digits, two spaces, the relative path.
            if (line.Length < 67 || line[64] != ' ' || line[65] != ' ' || !line[..64].All(Uri.IsHexDigit))
            {
                Fail($"manifest: unreadable line '{Printable(line)}'");
                ok = false;
                continue;
            }

            var name = line[66..];
            if (!IsSafeName(name) || !files.TryGetValue(name, out var entry))
            {
                Fail($"manifest: lists '{Printable(name)}', which is not in the package");
                ok = false;
                continue;
            }

            var actual = await HashAsync(entry, ct);
            if (actual is null) return null;
            if (!string.Equals(actual, line[..64], StringComparison.OrdinalIgnoreCase))
            {
                Fail($"manifest: {name} was changed (SHA-256 {actual}, manifest {line[..64].ToLowerInvariant()})");
                ok = false;
            }

            listed[name] = actual;
        }

        foreach (var name in files.Keys.Where(n => n != PackageLayout.Manifest && !listed.ContainsKey(n)))
        {
            Fail($"manifest: {name} is in the package but not in {PackageLayout.Manifest}");
            ok = false;
        }

        if (ok) Pass($"manifest: {listed.Count} files match {PackageLayout.Manifest}");
        return listed;
    }

    private void CheckProof(Dictionary<string, ZipArchiveEntry> files, Dictionary<string, string> hashes, PackageMetadata metadata, ChainProof proof, string? expectedPublicKeyPem)
    {
        if (proof.Format != ChainProof.CurrentFormat || proof.Entries.Count == 0)
        {
            Fail($"chain proof: unknown format '{proof.Format}' or no entries");
            return;
        }

        var first = proof.Entries[0];
        if (proof.CallId != metadata.CallId || first.CallId != metadata.CallId || metadata.Fingerprint.CallId != metadata.CallId)
            Fail($"chain proof: is for call {first.CallId}, the metadata for call {metadata.CallId}");
        if (first.Kind is not (ChainEntryKind.Seal or ChainEntryKind.Enroll)) Fail($"chain proof: its first entry records '{first.Kind}', not a sealed recording");

        if (!hashes.TryGetValue(metadata.RecordingFile, out var recordingSha) || !metadata.RecordingFile.StartsWith(PackageLayout.RecordingFolder, StringComparison.Ordinal))
            Fail($"recording: {metadata.RecordingFile} is not in the package");
        else if (recordingSha != first.RecordingSha256 || recordingSha != metadata.RecordingSha256)
            Fail($"recording: SHA-256 {recordingSha} is not the sealed {first.RecordingSha256} of chain entry {first.Sequence}");
        else Pass($"recording: {metadata.RecordingFile} is the recording sealed in chain entry {first.Sequence} (SHA-256 {recordingSha})");

        if (metadata.Fingerprint.Digest() != first.MetadataDigest) Fail($"metadata: the call's fields differ from those sealed in chain entry {first.Sequence}");
        else Pass($"metadata: the call's fields are those sealed in chain entry {first.Sequence}");

        var linked = true;
        for (var i = 0; i < proof.Entries.Count; i++)
        {
            var e = proof.Entries[i];
            if (ChainHash.Hash(e.PrevHash, e.Fields()) != e.Hash)
            {
                Fail($"chain proof: entry {e.Sequence} does not match its hash");
                linked = false;
            }

            if (i > 0 && (e.PrevHash != proof.Entries[i - 1].Hash || e.Sequence != proof.Entries[i - 1].Sequence + 1))
            {
                Fail($"chain proof: entry {e.Sequence} does not link to entry {proof.Entries[i - 1].Sequence}");
                linked = false;
            }
        }

        var checkpoint = proof.Checkpoint;
        var last = proof.Entries[^1];
        if (last.Sequence != checkpoint.Sequence || last.Hash != checkpoint.HeadHash)
        {
            Fail($"chain proof: ends at entry {last.Sequence}, but the checkpoint signs entry {checkpoint.Sequence}");
            linked = false;
        }

        if (linked) Pass($"chain proof: entries {first.Sequence} to {last.Sequence} link the recording to checkpoint {checkpoint.Id}");
        CheckSignature(files, checkpoint, expectedPublicKeyPem);
        CheckTimestamp(files, checkpoint);
    }

    private void CheckSignature(Dictionary<string, ZipArchiveEntry> files, ProofCheckpoint checkpoint, string? expectedPublicKeyPem)
    {
        var signed = checkpoint.SignedBytes();
        if (!files.TryGetValue(PackageLayout.CheckpointText, out var textEntry) || !ReadAll(textEntry).AsSpan().SequenceEqual(signed))
            Fail($"checkpoint: {PackageLayout.CheckpointText} is missing or differs from the proof's checkpoint");
        if (!files.TryGetValue(PackageLayout.PublicKey, out var keyEntry))
        {
            Fail($"checkpoint: {PackageLayout.PublicKey} is missing");
            return;
        }

        var pem = Encoding.ASCII.GetString(ReadAll(keyEntry));
        var keyId = ServerKey.KeyIdOf(pem);
        if (keyId is null || keyId != checkpoint.KeyId)
        {
            Fail("checkpoint: the included public key is not the key the checkpoint names");
            return;
        }

        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(checkpoint.Signature);
        }
        catch (FormatException)
        {
            Fail("checkpoint: the signature is not base64");
            return;
        }

        if (files.TryGetValue(PackageLayout.CheckpointSignature, out var sigEntry) && !ReadAll(sigEntry).AsSpan().SequenceEqual(signature))
            Fail($"checkpoint: {PackageLayout.CheckpointSignature} differs from the proof's signature");
        if (!ServerKey.Verify(pem, signed, signature)) Fail($"checkpoint: the signature of checkpoint {checkpoint.Id} is not valid");
        else Pass($"checkpoint: signature valid (ECDSA P-256, key {keyId})");

        if (expectedPublicKeyPem is null) return;
        if (ServerKey.KeyIdOf(expectedPublicKeyPem) == keyId) Pass("checkpoint: signed by the public key given with --public-key");
        else Fail("checkpoint: NOT signed by the public key given with --public-key");
    }

    private void CheckTimestamp(Dictionary<string, ZipArchiveEntry> files, ProofCheckpoint checkpoint)
    {
        if (!files.TryGetValue(PackageLayout.CheckpointTimestamp, out var entry))
        {
            if (checkpoint.TimestampToken is not null) Fail($"time-stamp: the checkpoint has one but {PackageLayout.CheckpointTimestamp} is missing");
            return;
        }

        if (!Rfc3161TimestampToken.TryDecode(ReadAll(entry), out var token, out _))
        {
            Fail("time-stamp: not an RFC 3161 token");
            return;
        }

        try
        {
            if (token.VerifySignatureForData(checkpoint.SignedBytes(), out var signer))
            {
                Pass($"time-stamp: valid, {token.TokenInfo.Timestamp:u} by {signer?.Subject ?? "an unnamed authority"}");
                return;
            }
        }
        catch (CryptographicException)
        {
        }

        Fail("time-stamp: does not verify for this checkpoint");
    }

    private T? ReadJson<T>(Dictionary<string, ZipArchiveEntry> files, string name)
        where T : class
    {
        if (!files.TryGetValue(name, out var entry))
        {
            Fail($"{name}: missing");
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(ReadAll(entry), ChainProof.Json) ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            Fail($"{name}: unreadable ({e.Message})");
            return null;
        }
    }

    /// <summary>Reads a small entry whole; never more than the limit, whatever its header claims.</summary>
    private byte[] ReadAll(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            if (copy.Length + n > _maxEntryBytes) throw new InvalidDataException($"'{entry.FullName}' expands beyond the limit of {_maxEntryBytes} bytes");
            copy.Write(buffer, 0, n);
        }

        return copy.ToArray();
    }

    private async Task<string?> HashAsync(ZipArchiveEntry entry, CancellationToken ct)
    {
        await using var stream = entry.Open();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long total = 0;
        int n;
        while ((n = await stream.ReadAsync(buffer, ct)) > 0)
        {
            total += n;
            if (total > _maxEntryBytes)
            {
                Fail($"package: '{entry.FullName}' expands beyond the limit of {_maxEntryBytes} bytes; the package is rejected");
                return null;
            }

            sha.AppendData(buffer, 0, n);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    internal static bool IsSafeName(string name)
    {
        if (name.Length is 0 or > 255 || name.StartsWith('/') || name.Contains('\\', StringComparison.Ordinal) || name.Contains(':', StringComparison.Ordinal)) return false;
        if (name.Any(char.IsControl)) return false;
        return name.Split('/').All(segment => segment is not ("" or "." or ".."));
    }

    private static string Printable(string text) => new(text.Take(200).Select(c => char.IsControl(c) ? '?' : c).ToArray());

    private void Pass(string line) => _passed.Add(line);

    private void Fail(string line) => _failed.Add(line);
}

/// <summary>What <see cref="PackageVerifier"/> found: lines that passed and lines that failed.</summary>
public sealed record PackageReport(IReadOnlyList<string> Passed, IReadOnlyList<string> Failed)
{
    public bool Intact => Failed.Count == 0 && Passed.Count > 0;
}
