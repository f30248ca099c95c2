using System.Text;
using System.Text.Encodings.Web;
using LinqToDB;
using LinqToDB.Async;
using RecAce.Data;
using RecAce.Data.Entities;

namespace RecAce.Core.Transcription.Search;

/// <summary>
/// Transcript text search: the FTS5 trigram index for three characters or more, LIKE below that
/// (a trigram index cannot answer the two-character Japanese words that are common: 住所, 税金).
/// Both search the text in force (a correction, else Whisper's). On PostgreSQL, ILIKE over the same
/// expression, served by a pg_trgm GIN index (three characters or more) — case-insensitive like FTS5's
/// trigram tokenizer and SQLite's LIKE.
/// </summary>
public static class TranscriptSearch
{
    private const int SnippetContext = 24;

    // Japanese stays readable in JSON and HTML; <, >, & and quotes are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    /// <summary>True when the trigram index answers <paramref name="query"/>.</summary>
    public static bool UsesIndex(string query) => query.Trim().EnumerateRunes().Count() >= 3;

    /// <summary>The ids of calls with a segment containing <paramref name="query"/>, as a subquery to combine with other filters.</summary>
    public static IQueryable<Guid> MatchingCallIds(RecAceDb db, string query)
    {
        var q = query.Trim();
        if (db.IsPostgres)
        {
            return from h in PostgresHits(db, q) join s in db.TranscriptSegments on h.Id equals s.Id select s.CallId;
        }

        if (UsesIndex(q))
        {
            var match = Phrase(q);
            var hits = db.FromSql<FtsRow>($"SELECT rowid AS id FROM transcript_fts WHERE transcript_fts MATCH {match}");
            return from h in hits join s in db.TranscriptSegments on h.Id equals s.Id select s.CallId;
        }

        return db.TranscriptSegments.Where(s => (s.CorrectedText ?? s.Text).Contains(q)).Select(s => s.CallId);
    }

    /// <summary>
    /// The calls of the newest <paramref name="hitLimit"/> matching segments (newest segment first), as a
    /// subquery. A frequent word matches millions of segments; walking the index from its newest end and
    /// stopping after a bounded number of hits keeps a search at a few milliseconds, where counting and
    /// sorting every match took seconds. Segments are written after their call ends, so the newest
    /// segments belong to the newest calls.
    /// </summary>
    public static IQueryable<Guid> NewestMatchingCallIds(RecAceDb db, string query, int hitLimit)
    {
        var q = query.Trim();
        if (UsesIndex(q) || db.IsPostgres)
        {
            return from h in NewestIndexHits(db, q, hitLimit) join s in db.TranscriptSegments on h.Id equals s.Id select s.CallId;
        }

        return db.TranscriptSegments
            .Where(s => (s.CorrectedText ?? s.Text).Contains(q))
            .OrderByDescending(s => s.Id)
            .Take(hitLimit)
            .Select(s => s.CallId);
    }

    /// <summary>How many matching segments there are, counting no further than <paramref name="limit"/>.</summary>
    public static Task<int> CountNewestHitsAsync(RecAceDb db, string query, int limit, CancellationToken ct)
    {
        var q = query.Trim();
        if (!UsesIndex(q) && !db.IsPostgres) return NewestMatchingCallIds(db, q, limit).CountAsync(ct);

        // The index alone answers this: no segment row is read.
        return NewestIndexHits(db, q, limit).CountAsync(ct);
    }

    /// <summary>The newest <paramref name="limit"/> segment ids the trigram index matches, read from its newest end.</summary>
    private static IQueryable<FtsRow> NewestIndexHits(RecAceDb db, string q, int limit)
    {
        if (db.IsPostgres)
        {
            var pattern = ContainsPattern(q);
            return db.FromSql<FtsRow>($"SELECT id FROM transcript_segments WHERE COALESCE(corrected_text, text) ILIKE {pattern} ESCAPE '!' ORDER BY id DESC LIMIT {limit}");
        }

        var match = Phrase(q);
        return db.FromSql<FtsRow>($"SELECT rowid AS id FROM transcript_fts WHERE transcript_fts MATCH {match} ORDER BY rowid DESC LIMIT {limit}");
    }

    /// <summary>The first matching segment in time order, with a highlighted snippet; null when none matches.</summary>
    public static SearchHit? FirstHit(IEnumerable<TranscriptSegmentRow> segments, string query)
    {
        var q = query.Trim();
        foreach (var s in segments.OrderBy(s => s.StartMs))
        {
            var text = s.CorrectedText ?? s.Text;
            var at = text.IndexOf(q, StringComparison.OrdinalIgnoreCase);
            if (at < 0) continue;
            return new SearchHit(s.Id, (Speaker)s.Speaker, s.StartMs, Snippet(text, at, q.Length));
        }

        return null;
    }

    /// <summary>PostgreSQL: the segment ids whose text in force contains <paramref name="q"/>, any case.</summary>
    private static IQueryable<FtsRow> PostgresHits(RecAceDb db, string q)
    {
        var pattern = ContainsPattern(q);
        return db.FromSql<FtsRow>($"SELECT id FROM transcript_segments WHERE COALESCE(corrected_text, text) ILIKE {pattern} ESCAPE '!'");
    }

    // A LIKE pattern matching q as a substring: its own wildcards and the escape character are taken literally.
    private static string ContainsPattern(string q) =>
        "%" + q.Replace("!", "!!", StringComparison.Ordinal).Replace("%", "!%", StringComparison.Ordinal).Replace("_", "!_", StringComparison.Ordinal) + "%";

    // A phrase query: the trigram tokenizer then matches the text as a substring.
    private static string Phrase(string q) => "\"" + q.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Snippet(string text, int at, int length)
    {
        var from = Math.Max(0, at - SnippetContext);
        var to = Math.Min(text.Length, at + length + SnippetContext);
        var html = new StringBuilder();
        if (from > 0) html.Append('…');
        html.Append(Encoder.Encode(text[from..at]))
            .Append("<mark>").Append(Encoder.Encode(text.Substring(at, length))).Append("</mark>")
            .Append(Encoder.Encode(text[(at + length)..to]));
        if (to < text.Length) html.Append('…');
        return html.ToString();
    }

    /// <summary>A row of the FTS table: its rowid is the segment id.</summary>
    public sealed class FtsRow
    {
        [LinqToDB.Mapping.Column("id")] public long Id { get; set; }
    }
}
