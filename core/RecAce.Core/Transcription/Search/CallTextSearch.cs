using LinqToDB;
using LinqToDB.Async;
using RecAce.Data;
using RecAce.Data.Entities;

namespace RecAce.Core.Transcription.Search;

/// <summary>One page of calls whose transcript contains a text, with how many there are.</summary>
/// <param name="TotalIsLowerBound">True when more calls may match than <paramref name="Total"/> says ("1,000+").</param>
public sealed record CallTextPage(IReadOnlyList<CallRow> Rows, int Total, bool TotalIsLowerBound);

/// <summary>
/// Transcript search over the call list. A word such as 住民票 is in a tenth of all segments; counting and
/// sorting every match of it cost seconds at a million calls. The first pages come from the calls of the
/// newest <see cref="HitLimit"/> matching segments, counted and sorted in memory (a few thousand rows);
/// only a page that window cannot fill (a narrow filter beside a frequent word, or a deep page) takes
/// the exact path, which reads every match.
/// </summary>
public static class CallTextSearch
{
    /// <summary>Matching segments read from the newest end before the exact search is needed.</summary>
    public const int HitLimit = 2000;

    /// <summary>Calls of <paramref name="calls"/> (already filtered) with <paramref name="text"/> in their transcript, newest first.</summary>
    public static async Task<CallTextPage> PageAsync(RecAceDb db, IQueryable<CallRow> calls, string text, int skip, int take, CancellationToken ct)
    {
        var exhausted = await TranscriptSearch.CountNewestHitsAsync(db, text, HitLimit, ct) < HitLimit;
        var window = await calls
            .Where(c => TranscriptSearch.NewestMatchingCallIds(db, text, HitLimit).Contains(c.Id))
            .Select(c => new { c.Id, c.StartedAtMs })
            .ToListAsync(ct);
        if (exhausted || window.Count >= skip + take)
        {
            var ids = window.OrderByDescending(c => c.StartedAtMs).ThenBy(c => c.Id).Skip(skip).Take(take).Select(c => c.Id).ToList();
            var byId = await db.Calls.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
            return new CallTextPage(ids.Select(id => byId[id]).ToList(), window.Count, TotalIsLowerBound: !exhausted);
        }

        var all = calls.Where(c => TranscriptSearch.MatchingCallIds(db, text).Contains(c.Id));
        var exact = await all.OrderByDescending(c => c.StartedAtMs).ThenBy(c => c.Id).Skip(skip).Take(take).ToListAsync(ct);
        return new CallTextPage(exact, await all.CountAsync(ct), TotalIsLowerBound: false);
    }
}
