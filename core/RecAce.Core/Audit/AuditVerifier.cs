using LinqToDB;
using LinqToDB.Async;
using RecAce.Data;
using RecAce.Data.Audit;

namespace RecAce.Core.Audit;

/// <summary>Recomputes the audit chain row by row and compares its end with the head file.</summary>
public sealed class AuditVerifier
{
    private const int Batch = 5000;
    private readonly DatabaseFactory _db;
    private readonly AuditLog _log;

    public AuditVerifier(DatabaseFactory db, AuditLog log)
    {
        _db = db;
        _log = log;
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken ct)
    {
        var previousHash = AuditChain.Genesis;
        long expectedId = 1, count = 0;
        using var db = _db.Open();
        while (true)
        {
            var from = expectedId;
            var rows = await db.AuditEvents.Where(e => e.Id >= from).OrderBy(e => e.Id).Take(Batch).ToListAsync(ct);
            foreach (var row in rows)
            {
                if (row.Id != expectedId) return Broken(count, row.Id, $"row {expectedId} is missing (next row is {row.Id})");
                if (row.PrevHash != previousHash) return Broken(count, row.Id, $"row {row.Id} does not link to the row before it");
                var hash = AuditChain.Hash(previousHash, AuditLog.Fields(row));
                if (row.Hash != hash) return Broken(count, row.Id, $"row {row.Id} was changed after it was written");
                previousHash = hash;
                expectedId++;
                count++;
            }

            if (rows.Count < Batch) break;
        }

        if (_log.Head?.Read() is { } head && (head.Id != expectedId - 1 || head.Hash != previousHash))
        {
            return head.Id > expectedId - 1
                ? new AuditVerification(false, count, null, $"rows {expectedId} to {head.Id} were removed from the end")
                : new AuditVerification(false, count, null, "the newest row does not match the recorded head");
        }

        return new AuditVerification(true, count, null, null);
    }

    private static AuditVerification Broken(long count, long id, string problem) => new(false, count, id, problem);
}
