using System.Security.Cryptography;
using LinqToDB;
using LinqToDB.Async;
using RecAce.Data;
using RecAce.Data.Entities;
using RecAce.Data.Integrity;

namespace RecAce.Core.Evidence;

/// <summary>
/// Checks the chain (links, hashes, head file, signed checkpoints) and every sealed call against
/// it: the recording file is re-hashed, the call row's digest recomputed. Deleted calls must have
/// a deletion entry; their missing files are expected. Read-only.
/// </summary>
public sealed class IntegrityVerifier
{
    private const int Batch = 5000;
    private readonly Storage.Recordings.IRecordingStore _recordings;
    private readonly DatabaseFactory _db;
    private readonly IntegrityChain _chain;
    private readonly ServerKeyProvider _key;
    private readonly TimeProvider _time;

    public IntegrityVerifier(DatabaseFactory db, IntegrityChain chain, ServerKeyProvider key, Storage.Recordings.IRecordingStore recordings, TimeProvider time)
    {
        _recordings = recordings;
        _db = db;
        _chain = chain;
        _key = key;
        _time = time;
    }

    /// <param name="onlyCall">Checks the whole chain but only this call's file and row; null checks every call.</param>
    public async Task<IntegrityReport> VerifyAsync(Guid? onlyCall, CancellationToken ct)
    {
        var started = _time.GetTimestamp();
        var findings = new Findings();
        var (latest, entries) = await CheckChainAsync(findings, onlyCall, ct);
        await CheckCheckpointsAsync(findings, ct);
        var calls = await CheckCallsAsync(findings, latest, onlyCall, ct);
        var problems = findings.Lines();
        return new IntegrityReport(problems.Count == 0, calls, entries, problems, _time.GetElapsedTime(started));
    }

    private async Task<(Dictionary<Guid, Latest> Latest, long Entries)> CheckChainAsync(Findings findings, Guid? onlyCall, CancellationToken ct)
    {
        var latest = new Dictionary<Guid, Latest>();
        var previousHash = ChainHash.Genesis;
        long expected = 1, count = 0;
        using var db = _db.Open();
        while (true)
        {
            var from = expected;
            var rows = await db.ChainEntries.Where(e => e.Sequence >= from).OrderBy(e => e.Sequence).Take(Batch).ToListAsync(ct);
            foreach (var row in rows)
            {
                if (row.Sequence != expected)
                {
                    findings.Chain($"chain entries {expected} to {row.Sequence - 1} were removed");
                    // Carry on from the entry found, so later damage is still reported.
                    previousHash = row.PrevHash;
                }

                if (row.PrevHash != previousHash) findings.Call(row.CallId, $"chain entry {row.Sequence} does not link to the entry before it");
                var hash = ChainHash.Hash(row.PrevHash, row.Fields());
                if (row.Hash != hash) findings.Call(row.CallId, $"chain entry {row.Sequence} was changed after it was written");
                if (onlyCall is null || onlyCall == row.CallId) latest[row.CallId] = new Latest(row.Sequence, row.Kind, row.RecordingSha256, row.MetadataDigest);
                previousHash = row.Hash;
                expected = row.Sequence + 1;
                count++;
            }

            if (rows.Count < Batch) break;
        }

        if (_chain.Head.Read() is { } head && (head.Id != expected - 1 || head.Hash != previousHash))
        {
            findings.Chain(head.Id > expected - 1
                ? $"chain entries {expected} to {head.Id} were removed from the end (the head file records entry {head.Id})"
                : "the newest chain entry does not match the head file");
        }

        return (latest, count);
    }

    private async Task CheckCheckpointsAsync(Findings findings, CancellationToken ct)
    {
        using var db = _db.Open();
        var checkpoints = await db.ChainCheckpoints.OrderBy(c => c.Id).ToListAsync(ct);
        if (checkpoints.Count == 0) return;
        var key = _key.Key;
        foreach (var c in checkpoints)
        {
            if (c.KeyId != key.KeyId)
            {
                findings.Chain($"checkpoint {c.Id} was signed with another key ({c.KeyId[..16]}...), not this server's");
                continue;
            }

            var text = CheckpointText.Bytes(c.Sequence, c.HeadHash, c.AtMs, c.KeyId);
            if (!TryBase64(c.Signature, out var signature) || !ServerKey.Verify(key.PublicKeyPem, text, signature))
            {
                findings.Chain($"checkpoint {c.Id} has an invalid signature");
                continue;
            }

            var entry = await db.ChainEntries.Where(e => e.Sequence == c.Sequence).Select(e => new { e.Hash, e.CallId }).FirstOrDefaultAsync(ct);
            if (entry is null) findings.Chain($"chain entry {c.Sequence}, signed by checkpoint {c.Id}, was removed");
            else if (entry.Hash != c.HeadHash) findings.Call(entry.CallId, $"chain entry {c.Sequence} differs from the one signed by checkpoint {c.Id}");
        }
    }

    private async Task<long> CheckCallsAsync(Findings findings, Dictionary<Guid, Latest> latest, Guid? onlyCall, CancellationToken ct)
    {
        var seen = new HashSet<Guid>();
        using var db = _db.Open();
        var query = from c in db.Calls
                    join r in db.Recordings on c.Id equals r.CallId into rs
                    from r in rs.DefaultIfEmpty()
                    where c.Status == CallStatus.Finalized || c.Status == CallStatus.Deleted
                    select new { Call = c, Recording = r };
        if (onlyCall is { } one) query = query.Where(x => x.Call.Id == one);
        await foreach (var x in query.AsAsyncEnumerable().WithCancellation(ct))
        {
            var call = x.Call;
            var recording = x.Recording;
            seen.Add(call.Id);
            latest.TryGetValue(call.Id, out var entry);
            if (recording is null)
            {
                // A call that never carried audio has nothing sealed; an entry for it means its recording row went.
                if (entry is not null) findings.Call(call.Id, "the recording row was removed (the chain has an entry for it)");
                continue;
            }

            if (entry is null)
            {
                findings.Call(call.Id, call.Status == CallStatus.Deleted ? "deleted without an entry in the integrity chain" : "sealed recording has no entry in the integrity chain (entry removed?)");
                continue;
            }

            if (CallFingerprint.From(call, recording).Digest() != entry.MetadataDigest) findings.Call(call.Id, $"the call row was changed after chain entry {entry.Sequence}");
            if (recording.Sha256 != entry.RecordingSha256) findings.Call(call.Id, $"the recording row's SHA-256 differs from chain entry {entry.Sequence}");
            if (call.Status == CallStatus.Deleted)
            {
                if (!ChainEntryKind.IsDeletion(entry.Kind)) findings.Call(call.Id, "marked deleted but the chain records no deletion");
                continue;
            }

            if (ChainEntryKind.IsDeletion(entry.Kind))
            {
                findings.Call(call.Id, $"the chain records the recording as deleted (entry {entry.Sequence}) but the call row is not");
                continue;
            }

            var problem = await CheckStoredAsync(recording.Path, entry.RecordingSha256, ct);
            if (problem is not null) findings.Call(call.Id, problem);
        }

        // An entry whose call row is gone entirely.
        foreach (var (id, entry) in latest)
        {
            if (!seen.Contains(id) && !(onlyCall is { } only && only != id)) findings.Call(id, $"the call row was removed (chain entry {entry.Sequence})");
        }

        return seen.Count;
    }

    /// <returns>What is wrong with the stored recording, or null when it matches its entry.</returns>
    private async Task<string?> CheckStoredAsync(string key, string? sealedSha, CancellationToken ct)
    {
        try
        {
            await using var stream = await _recordings.OpenReadAsync(key, ct);
            if (stream is null) return "the recording file is missing";
            var actual = await Storage.Recordings.RecordingHash.OfStreamAsync(stream, ct);
            return actual == sealedSha ? null : $"the recording file was changed (SHA-256 {actual}, sealed {sealedSha})";
        }
        catch (Storage.Recordings.RecordingStoreException e)
        {
            return $"the recording could not be read from {_recordings.Kind} storage: {e.Message}";
        }
    }

    private static bool TryBase64(string text, out byte[] bytes)
    {
        bytes = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, bytes, out var n)) return false;
        bytes = bytes[..n];
        return true;
    }

    private sealed record Latest(long Sequence, string Kind, string? RecordingSha256, string MetadataDigest);

    /// <summary>Problems grouped per call, so each call is named on one line.</summary>
    private sealed class Findings
    {
        private readonly List<string> _chain = [];
        private readonly Dictionary<Guid, List<string>> _calls = [];

        public void Chain(string problem) => _chain.Add("chain: " + problem);

        public void Call(Guid id, string problem)
        {
            if (!_calls.TryGetValue(id, out var list)) _calls[id] = list = [];
            list.Add(problem);
        }

        public List<string> Lines() => [.. _chain, .. _calls.Select(c => $"call {c.Key}: {string.Join("; ", c.Value)}")];
    }
}
