using System.Security.Cryptography;

namespace RecAce.Plugin.FolderImport;

/// <summary>The SHA-256 of a source file, by which the host refuses a second import of the same bytes.</summary>
public static class SourceDigest
{
    /// <summary>Computes the lower-case hex SHA-256 of a file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>64 lower-case hex digits.</returns>
    /// <exception cref="IOException">The file cannot be read (for example, the recorder still holds it).</exception>
    public static async Task<string> ComputeAsync(string path, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
            return Convert.ToHexStringLower(hash);
        }
    }
}
