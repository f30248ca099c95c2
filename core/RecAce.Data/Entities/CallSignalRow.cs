using LinqToDB.Mapping;

namespace RecAce.Data.Entities;

/// <summary>A call's harassment score and the reasons behind it, replaced on each analysis.</summary>
[Table("call_signals")]
public sealed class CallSignalRow
{
    [PrimaryKey, Column("call_id")] public Guid CallId { get; set; }
    [Column("score")] public int Score { get; set; }
    /// <summary>The reasons as a JSON array of {kind, points, category, detail}.</summary>
    [Column("reasons_json"), NotNull] public string ReasonsJson { get; set; } = "[]";
    /// <summary>Comma-separated suggested category codes.</summary>
    [Column("categories"), NotNull] public string Categories { get; set; } = "";
    /// <summary>Whether a transcript was there to search for phrases.</summary>
    [Column("with_transcript")] public bool WithTranscript { get; set; }
    [Column("analyzed_at")] public long AnalyzedAtMs { get; set; }
}
