using LinqToDB.Data;
using RecAce.Data;

namespace RecAce.Core.Nodes;

/// <summary>
/// A lock held by the current transaction across every node sharing the database, for the hash chains
/// whose next row depends on the last one. PostgreSQL: a transaction-level advisory lock, released at
/// commit or rollback. SQLite: nothing to do, it lets one writer at a time in anyway (and one process
/// per database file is all it serves).
/// </summary>
internal static class ClusterLock
{
    /// <summary>The audit trail's lock key.</summary>
    public const long AuditTrail = 0x5265_6341_6365_0001;

    /// <summary>The integrity chain's lock key.</summary>
    public const long IntegrityChain = 0x5265_6341_6365_0002;

    public static async Task TakeAsync(RecAceDb db, DatabaseFactory factory, long key, CancellationToken ct)
    {
        if (factory.IsSqlite) return;
        await db.ExecuteAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"SELECT pg_advisory_xact_lock({key})"), ct);
    }
}
