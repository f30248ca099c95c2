using LinqToDB;
using RecAce.Data;
using RecAce.Data.Entities;

namespace RecAce.Core.Audit;

/// <summary>Appends who-did-what records. Every access, export and deletion of a recording goes here.</summary>
public sealed class AuditLog
{
    private readonly DatabaseFactory _db;
    private readonly TimeProvider _time;

    public AuditLog(DatabaseFactory db, TimeProvider time)
    {
        _db = db;
        _time = time;
    }

    public async Task WriteAsync(string actor, string action, string? target, string? detail, string? remoteAddress, CancellationToken ct)
    {
        using var db = _db.Open();
        await db.InsertAsync(new AuditEventRow
        {
            AtMs = _time.GetUtcNow().ToUnixTimeMilliseconds(),
            Actor = Clip(actor, 256) ?? "",
            Action = Clip(action, 64) ?? "",
            Target = Clip(target, 256),
            Detail = Clip(detail, 4000),
            RemoteAddress = Clip(remoteAddress, 64),
        }, token: ct);
    }

    private static string? Clip(string? v, int max) => v is null || v.Length <= max ? v : v[..max];
}
