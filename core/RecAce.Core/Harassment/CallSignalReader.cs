using System.Text.Json;
using LinqToDB;
using LinqToDB.Async;
using RecAce.Data;
using RecAce.Data.Entities;

namespace RecAce.Core.Harassment;

/// <summary>Reads stored scores for the call detail, the call list and the caller history.</summary>
public sealed class CallSignalReader
{
    private readonly DatabaseFactory _db;

    public CallSignalReader(DatabaseFactory db) => _db = db;

    public async Task<CallSignals?> GetAsync(Guid callId, CancellationToken ct)
    {
        using var db = _db.Open();
        var row = await db.CallSignals.FirstOrDefaultAsync(s => s.CallId == callId, ct);
        return row is null ? null : ToSignals(row);
    }

    /// <summary>Scores of the given calls (those analyzed), by call id.</summary>
    public async Task<IReadOnlyDictionary<Guid, CallSignals>> GetManyAsync(IReadOnlyCollection<Guid> callIds, CancellationToken ct)
    {
        if (callIds.Count == 0) return new Dictionary<Guid, CallSignals>();
        using var db = _db.Open();
        var rows = await db.CallSignals.Where(s => callIds.Contains(s.CallId)).ToListAsync(ct);
        return rows.ToDictionary(r => r.CallId, ToSignals);
    }

    public static CallSignals ToSignals(CallSignalRow row) =>
        new(row.CallId, row.Score, JsonSerializer.Deserialize<List<SignalReason>>(row.ReasonsJson) ?? [], IncidentCategories.ParseStored(row.Categories), row.WithTranscript, row.AnalyzedAtMs);
}
