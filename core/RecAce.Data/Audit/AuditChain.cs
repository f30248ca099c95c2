using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RecAce.Data.Audit;

/// <summary>
/// The audit trail's hash chain: each row stores SHA-256(previous hash + its own fields), so an
/// edited, inserted or removed row breaks every hash after it.
/// </summary>
public static class AuditChain
{
    /// <summary>The "previous hash" of the first row.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string Hash(string previousHash, AuditChainFields row)
    {
        ArgumentNullException.ThrowIfNull(row);
        // Length-prefixed fields: moving characters from one field to the next must change the hash.
        var text = new StringBuilder()
            .Append(previousHash).Append('\n')
            .Append(row.Id.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(row.AtMs.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var field in new[] { row.Actor, row.Action, row.Target, row.Detail, row.RemoteAddress })
        {
            text.Append(field is null ? "-1" : field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
