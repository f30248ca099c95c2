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
    [Column("disabled")] public bool Disabled { get; set; }
    /// <summary>Comma-separated extensions a Staff user may see the calls of.</summary>
    [Column("extensions")] public string? Extensions { get; set; }
    /// <summary>Base32 TOTP secret; null when the user has not enrolled a second factor.</summary>
    [Column("totp_secret")] public string? TotpSecret { get; set; }
    /// <summary>The last TOTP time step accepted, so a code is never accepted twice.</summary>
    [Column("totp_last_step")] public long? TotpLastStep { get; set; }
    /// <summary>"local" (password here) or "ldap" (password checked by the directory).</summary>
    [Column("source"), NotNull] public string Source { get; set; } = "local";
}
