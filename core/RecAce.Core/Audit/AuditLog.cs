using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using RecAce.Data;
using RecAce.Data.Audit;
using RecAce.Data.Entities;

namespace RecAce.Core.Audit;

/// <summary>
/// Appends who-did-what records, hash-chained (<see cref="AuditChain"/>). Every access, export and
/// deletion of a recording goes here. Thread-safe, and safe across processes (CLI verbs write too):
/// the chain head is read and extended inside one write transaction.
/// </summary>
public sealed class AuditLog : IDisposable
{
    private readonly DatabaseFactory _db;
    private readonly TimeProvider _time;
    private readonly AuditHeadFile? _head;
    private readonly SemaphoreSlim _oneWriter = new(1, 1);

    public AuditLog(DatabaseFactory db, TimeProvider time)
    {
        _db = db;
        _time = time;
    }

    /// <summary>Also keeps the chain head in a file beside the database, so removing the newest rows is detected too.</summary>
    public AuditLog(DatabaseFactory db, TimeProvider time, RecAceOptions options)
        : this(db, time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _head = new AuditHeadFile(Path.Combine(options.DataDirectory, AuditHeadFile.FileName));
    }

    /// <summary>The head file, when this log keeps one.</summary>
    public AuditHeadFile? Head => _head;

    public async Task WriteAsync(string actor, string action, string? target, string? detail, string? remoteAddress, CancellationToken ct)
    {
        await _oneWriter.WaitAsync(ct);
        try
        {
            using var db = _db.Open();
            await using var tx = await db.BeginTransactionAsync(ct);
            await db.LockForAppendAsync(RecAceDb.AuditAppendLock, ct);
            var last = await db.AuditEvents.OrderByDescending(e => e.Id).Select(e => new { e.Id, e.Hash }).FirstOrDefaultAsync(ct);
            var row = new AuditEventRow
            {
                Id = (last?.Id ?? 0) + 1,
                AtMs = _time.GetUtcNow().ToUnixTimeMilliseconds(),
                Actor = TextLimit.Clip(actor, 256) ?? "",
                Action = TextLimit.Clip(action, 64) ?? "",
                Target = TextLimit.Clip(target, 256),
                Detail = TextLimit.Clip(detail, 4000),
                RemoteAddress = TextLimit.Clip(remoteAddress, 64),
                PrevHash = last?.Hash ?? AuditChain.Genesis,
            };
            row.Hash = AuditChain.Hash(row.PrevHash, Fields(row));
            // The id is part of the hash, so it is chosen here rather than by the database.
            await db.InsertAsync(row, token: ct);
            await tx.CommitAsync(ct);
            _head?.Write(row.Id, row.Hash);
        }
        finally
        {
            _oneWriter.Release();
        }
    }

    public void Dispose() => _oneWriter.Dispose();

    internal static AuditChainFields Fields(AuditEventRow r) => new(r.Id, r.AtMs, r.Actor, r.Action, r.Target, r.Detail, r.RemoteAddress);
}
