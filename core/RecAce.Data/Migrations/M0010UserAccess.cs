using FluentMigrator;

namespace RecAce.Data.Migrations;

/// <summary>Users: disabled flag, the extensions a Staff user may see, TOTP; API tokens get an owner.</summary>
[Migration(10, "User access")]
public sealed class M0010UserAccess : Migration
{
    public override void Up()
    {
        Alter.Table("users")
            .AddColumn("disabled").AsBoolean().NotNullable().WithDefaultValue(false)
            .AddColumn("extensions").AsString(1000).Nullable()
            .AddColumn("totp_secret").AsString(128).Nullable()
            .AddColumn("totp_last_step").AsInt64().Nullable()
            .AddColumn("source").AsString(16).NotNullable().WithDefaultValue("local");
        Alter.Table("api_tokens")
            .AddColumn("user_name").AsString(128).Nullable();
    }

    public override void Down()
    {
        Delete.Column("user_name").FromTable("api_tokens");
        Delete.Column("disabled").Column("extensions").Column("totp_secret").Column("totp_last_step").Column("source").FromTable("users");
    }
}
