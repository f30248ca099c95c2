using System.Globalization;
using System.Text;

namespace RecAce.Core.Evidence;

/// <summary>
/// The exact bytes a checkpoint signs and time-stamps. Kept as a file in evidence packages so
/// anyone can check the signature with <c>openssl dgst -sha256 -verify</c>.
/// </summary>
public static class CheckpointText
{
    public static string Build(long sequence, string headHash, long atMs, string keyId) =>
        string.Create(CultureInfo.InvariantCulture, $"recace-checkpoint-v1\nseq {sequence}\nhead {headHash}\nat {atMs}\nkey {keyId}\n");

    public static byte[] Bytes(long sequence, string headHash, long atMs, string keyId) => Encoding.UTF8.GetBytes(Build(sequence, headHash, atMs, keyId));
}
