using LinqToDB.Mapping;

namespace RecAce.Data.Entities;

/// <summary>An API token. Only the SHA-256 of the token is stored.</summary>
[Table("api_tokens")]
public sealed class ApiTokenRow
{
    [PrimaryKey, Identity, Column("id")] public long Id { get; set; }
    [Column("name"), NotNull] public string Name { get; set; } = "";
    [Column("token_hash"), NotNull] public string TokenHash { get; set; } = "";
    [Column("role"), NotNull] public string Role { get; set; } = "";
    [Column("created_at")] public long CreatedAtMs { get; set; }
    [Column("expires_at")] public long? ExpiresAtMs { get; set; }
    [Column("revoked")] public bool Revoked { get; set; }
    /// <summary>The user the token acts for (a Staff token sees that user's extensions); null for a service token.</summary>
    [Column("user_name")] public string? UserName { get; set; }
}
