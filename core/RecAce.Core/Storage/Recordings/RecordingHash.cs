using System.Security.Cryptography;

namespace RecAce.Core.Storage.Recordings;

/// <summary>SHA-256 of recordings as lower-case hex, the form recording rows and the integrity chain keep.</summary>
public static class RecordingHash
{
    public static async Task<(string Sha256, long Size)> OfFileAsync(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
        return (await OfStreamAsync(stream, ct), stream.Length);
    }

    public static async Task<string> OfStreamAsync(Stream stream, CancellationToken ct) =>
        Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
}
