using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Logging;
using RecAce.Data;
using RecAce.Data.Entities;

namespace RecAce.Core.Evidence;

/// <summary>
/// Signs the chain head with the server key (and has it time-stamped when a TSA is configured).
/// A checkpoint fixes everything up to its entry: removing or changing an older entry no longer
/// goes unseen even if the database and the head file are rewritten together.
/// </summary>
public sealed class ChainCheckpoints : IDisposable
{
    private readonly DatabaseFactory _db;
    private readonly ServerKeyProvider _key;
    private readonly TimestampClient _timestamps;
    private readonly EvidenceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ChainCheckpoints> _logger;
    private readonly SemaphoreSlim _one = new(1, 1);

    public ChainCheckpoints(DatabaseFactory db, ServerKeyProvider key, TimestampClient timestamps, RecAceOptions options, TimeProvider time, ILogger<ChainCheckpoints> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _db = db;
        _key = key;
        _timestamps = timestamps;
        _options = options.Evidence;
        _time = time;
        _logger = logger;
    }

    /// <summary>Signs the current head unless the newest checkpoint already covers it.</summary>
    /// <returns>The checkpoint covering the head; null when the chain is empty.</returns>
    public async Task<ChainCheckpointRow?> CheckpointHeadAsync(CancellationToken ct)
    {
        await _one.WaitAsync(ct);
        try
        {
            using var db = _db.Open();
            var head = await db.ChainEntries.OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(ct);
            if (head is null) return null;
            var newest = await db.ChainCheckpoints.OrderByDescending(c => c.Sequence).ThenByDescending(c => c.Id).FirstOrDefaultAsync(ct);
            if (newest is not null && newest.Sequence == head.Sequence && newest.HeadHash == head.Hash) return newest;

            var key = _key.Key;
            var at = _time.GetUtcNow().ToUnixTimeMilliseconds();
            var text = CheckpointText.Bytes(head.Sequence, head.Hash, at, key.KeyId);
            var row = new ChainCheckpointRow
            {
                Sequence = head.Sequence,
                HeadHash = head.Hash,
                AtMs = at,
                Signature = Convert.ToBase64String(key.Sign(text)),
                KeyId = key.KeyId,
                TimestampToken = await StampAsync(text, ct),
            };
            row.Id = await db.InsertWithInt64IdentityAsync(row, token: ct);
            _logger.LogInformation("Integrity chain checkpoint {Id}: entry {Sequence}, head {Hash}{Stamped}", row.Id, row.Sequence, row.HeadHash, row.TimestampToken is null ? "" : ", time-stamped");
            return row;
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>The oldest checkpoint that covers entry <paramref name="sequence"/>; signs the head first when none does yet.</summary>
    public async Task<ChainCheckpointRow?> CoveringAsync(long sequence, CancellationToken ct)
    {
        using (var db = _db.Open())
        {
            var existing = await db.ChainCheckpoints.Where(c => c.Sequence >= sequence).OrderBy(c => c.Sequence).ThenBy(c => c.Id).FirstOrDefaultAsync(ct);
            if (existing is not null) return existing;
        }

        return await CheckpointHeadAsync(ct);
    }

    public async Task<IReadOnlyList<ChainCheckpointRow>> AllAsync(CancellationToken ct)
    {
        using var db = _db.Open();
        return await db.ChainCheckpoints.OrderBy(c => c.Id).ToListAsync(ct);
    }

    public void Dispose() => _one.Dispose();

    private async Task<string?> StampAsync(byte[] text, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(_options.TsaUrl)) return null;
        if (!Uri.TryCreate(_options.TsaUrl, UriKind.Absolute, out var tsa) || tsa.Scheme is not ("http" or "https"))
        {
            _logger.LogError("RecAce:Evidence:TsaUrl '{Url}' is not an http(s) address; the checkpoint is signed without a time-stamp", _options.TsaUrl);
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, _options.TsaTimeoutSeconds)));
        try
        {
            return Convert.ToBase64String(await _timestamps.StampAsync(tsa, text, timeout.Token));
        }
        catch (Exception e) when (e is TimestampException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            // The signature alone still proves the head; a missing stamp is logged, never fatal.
            _logger.LogWarning("The checkpoint could not be time-stamped by {Tsa}: {Reason}", tsa, e is OperationCanceledException ? "timed out" : e.Message);
            return null;
        }
    }
}
