using LinqToDB;
using LinqToDB.Async;
using RecAce.Core.Audit;
using RecAce.Data;
using RecAce.Data.Entities;

namespace RecAce.Core.Harassment;

/// <summary>The watch list of outside numbers. Additions and removals are audited.</summary>
public sealed class WatchListStore
{
    private readonly DatabaseFactory _db;
    private readonly AuditLog _audit;
    private readonly TimeProvider _time;

    public WatchListStore(DatabaseFactory db, AuditLog audit, TimeProvider time)
    {
        _db = db;
        _audit = audit;
        _time = time;
    }

    /// <summary>
    /// Digits, with a leading + kept, so "03-1234-5678" and "0312345678" are one number. Null when
    /// nothing is left (anonymous, withheld).
    /// </summary>
    public static string? Normalize(string? number)
    {
        if (string.IsNullOrWhiteSpace(number)) return null;
        var s = number.Trim().Normalize(System.Text.NormalizationForm.FormKC);
        var digits = new string(s.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length == 0) return null;
        return TextLimit.Clip((s.StartsWith('+') ? "+" : "") + digits, 64);
    }

    /// <returns>False when the number has no digits or the reason is empty.</returns>
    public async Task<bool> AddAsync(string? number, string? reason, string actor, string? remote, CancellationToken ct)
    {
        var n = Normalize(number);
        var why = TextLimit.Clip(reason?.Trim(), 1000);
        if (n is null || string.IsNullOrEmpty(why)) return false;
        using (var db = _db.Open())
        {
            await db.InsertOrReplaceAsync(new WatchListRow { Number = n, Reason = why, AddedBy = actor, AddedAtMs = _time.GetUtcNow().ToUnixTimeMilliseconds() }, token: ct);
        }

        await _audit.WriteAsync(actor, "watchlist.add", n, why, remote, ct);
        return true;
    }

    public async Task<bool> RemoveAsync(string? number, string actor, string? remote, CancellationToken ct)
    {
        var n = Normalize(number);
        if (n is null) return false;
        using (var db = _db.Open())
        {
            if (await db.WatchList.Where(w => w.Number == n).DeleteAsync(ct) == 0) return false;
        }

        await _audit.WriteAsync(actor, "watchlist.remove", n, null, remote, ct);
        return true;
    }

    public async Task<IReadOnlyList<WatchListRow>> ListAsync(CancellationToken ct)
    {
        using var db = _db.Open();
        return await db.WatchList.OrderByDescending(w => w.AddedAtMs).ToListAsync(ct);
    }

    public async Task<WatchListRow?> FindAsync(string? number, CancellationToken ct)
    {
        var n = Normalize(number);
        if (n is null) return null;
        using var db = _db.Open();
        return await db.WatchList.FirstOrDefaultAsync(w => w.Number == n, ct);
    }
}
