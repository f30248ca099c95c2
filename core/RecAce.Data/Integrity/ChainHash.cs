using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RecAce.Data.Integrity;

/// <summary>
/// The integrity chain's hash: each entry stores SHA-256(previous entry's hash + its own fields),
/// so an edited, inserted or removed entry breaks every hash after it. The same function is used
/// offline by <c>recace verify-package</c>, so it must never change for existing entries.
/// </summary>
public static class ChainHash
{
    /// <summary>The "previous hash" of the first entry.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string Hash(string previousHash, ChainEntryFields entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var text = new StringBuilder("recace-chain-v1\n").Append(previousHash).Append('\n');
        foreach (var field in new[]
                 {
                     entry.Sequence.ToString(CultureInfo.InvariantCulture), entry.AtMs.ToString(CultureInfo.InvariantCulture), entry.Kind,
                     entry.CallId.ToString("D"), entry.RecordingSha256, entry.MetadataDigest, entry.Detail,
                 })
        {
            // Length-prefixed: moving characters from one field to the next must change the hash.
            text.Append(field is null ? "-1" : field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
