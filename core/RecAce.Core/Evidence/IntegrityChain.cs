using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using RecAce.Core.Audit;
using RecAce.Data;
using RecAce.Data.Entities;
using RecAce.Data.Integrity;

namespace RecAce.Core.Evidence;

/// <summary>
/// The append-only integrity chain of sealed and deleted recordings (<see cref="ChainHash"/>).
/// An entry is written in the same transaction as the change it records, so a call is never
/// sealed or deleted without its entry. The head is also kept in a file beside the database:
/// a chain cut short at its end is still a valid chain, only a copy kept elsewhere shows it.
/// </summary>
public sealed class IntegrityChain : IDisposable
{
    public const string HeadFileName = "chain-head.txt";
    private readonly DatabaseFactory _db;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _oneWriter = new(1, 1);

    public IntegrityChain(DatabaseFactory db, TimeProvider time, RecAceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _db = db;
        _time = time;
        Head = new AuditHeadFile(Path.Combine(options.DataDirectory, HeadFileName));
    }

    /// <summary>The head file (sequence number and hash of the newest entry).</summary>
    public AuditHeadFile Head { get; }

    /// <summary>
    /// Runs <paramref name="change"/> in a transaction and appends the entry it returns in the same
    /// transaction. When it returns null nothing is appended (the change found nothing to do).
    /// </summary>
    public async Task<ChainEntryRow?> AppendAsync(Func<RecAceDb, CancellationToken, Task<EntryDraft?>> change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        await _oneWriter.WaitAsync(ct);
        try
        {
            using var db = _db.Open();
            await using var tx = await db.BeginTransactionAsync(ct);
            await db.LockForAppendAsync(RecAceDb.ChainAppendLock, ct);
            var draft = await change(db, ct);
            if (draft is null)
            {
                await tx.CommitAsync(ct);
                return null;
            }

            var last = await db.ChainEntries.OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct);
            var row = new ChainEntryRow
            {
                // The sequence number is part of the hash, so it is chosen here rather than by the database.
                Sequence = (last?.Sequence ?? 0) + 1,
                AtMs = _time.GetUtcNow().ToUnixTimeMilliseconds(),
                Kind = draft.Kind,
                CallId = draft.CallId,
                RecordingSha256 = draft.RecordingSha256,
                MetadataDigest = draft.MetadataDigest,
                Detail = TextLimit.Clip(draft.Detail, 1000),
                PrevHash = last?.Hash ?? ChainHash.Genesis,
            };
            row.Hash = ChainHash.Hash(row.PrevHash, row.Fields());
            await db.InsertAsync(row, token: ct);
            await tx.CommitAsync(ct);
            Head.Write(row.Sequence, row.Hash);
            return row;
        }
        finally
        {
            _oneWriter.Release();
        }
    }

    /// <summary>Records a deletion of a call's recording that has already happened (or happens in no transaction of ours).</summary>
    public Task<ChainEntryRow?> RecordDeletionAsync(Guid callId, string kind, string detail, CancellationToken ct)
    {
        if (!ChainEntryKind.IsDeletion(kind)) throw new ArgumentException($"'{kind}' is not a deletion kind", nameof(kind));
        return AppendAsync((db, c) => DraftAsync(db, callId, kind, detail, c), ct);
    }

    /// <summary>The entry for a call as its rows are now, read inside the caller's transaction.</summary>
    /// <returns>Null when the call does not exist.</returns>
    public static async Task<EntryDraft?> DraftAsync(RecAceDb db, Guid callId, string kind, string? detail, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var call = await db.Calls.FirstOrDefaultAsync(c => c.Id == callId, ct);
        if (call is null) return null;
        var recording = await db.Recordings.FirstOrDefaultAsync(r => r.CallId == callId, ct);
        return new EntryDraft(kind, callId, recording?.Sha256, CallFingerprint.From(call, recording).Digest(), detail);
    }

    /// <summary>The newest entry about one call, or null.</summary>
    public async Task<ChainEntryRow?> LatestForAsync(Guid callId, CancellationToken ct)
    {
        using var db = _db.Open();
        return await db.ChainEntries.Where(e => e.CallId == callId).OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(ct);
    }

    /// <summary>The newest entry of the chain, or null when it is empty.</summary>
    public async Task<ChainEntryRow?> LastAsync(CancellationToken ct)
    {
        using var db = _db.Open();
        return await db.ChainEntries.OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(ct);
    }

    /// <summary>Entries with sequence numbers from <paramref name="from"/> to <paramref name="to"/>, in order.</summary>
    public async Task<IReadOnlyList<ChainEntryRow>> RangeAsync(long from, long to, CancellationToken ct)
    {
        using var db = _db.Open();
        return await db.ChainEntries.Where(e => e.Sequence >= from && e.Sequence <= to).OrderBy(e => e.Sequence).ToListAsync(ct);
    }

    public void Dispose() => _oneWriter.Dispose();
}

/// <summary>What an entry records, before it gets its place in the chain.</summary>
public sealed record EntryDraft(string Kind, Guid CallId, string? RecordingSha256, string MetadataDigest, string? Detail);
