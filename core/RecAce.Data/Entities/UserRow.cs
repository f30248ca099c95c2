using LinqToDB.Mapping;

namespace RecAce.Data.Entities;

/// <summary>A person who signs in to the admin.</summary>
[Table("users")]
public sealed class UserRow
{
    [PrimaryKey, Identity, Column("id")] public long Id { get; set; }
    [Column("user_name"), NotNull] public string UserName { get; set; } = "";
    [Column("password_hash"), NotNull] public string PasswordHash { get; set; } = "";
    [Column("role"), NotNull] public string Role { get; set; } = "";
    [Column("created_at")] public long CreatedAtMs { get; set; }
    [Column("failed_sign_ins")] public int FailedSignIns { get; set; }
    [Column("locked_until")] public long? LockedUntilMs { get; set; }
}
