using LinqToDB.Mapping;

namespace RecAce.Data.Entities;

/// <summary>The one-row count of listed (not deleted) calls, maintained by triggers.</summary>
[Table("call_list_count")]
public sealed class CallListCountRow
{
    [PrimaryKey, Column("id")] public long Id { get; set; }
    [Column("n")] public long Count { get; set; }
}
