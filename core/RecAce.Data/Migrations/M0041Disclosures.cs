using FluentMigrator;

namespace RecAce.Data.Migrations;

/// <summary>Disclosure (開示請求) exports: who redacted what of which call, and the hashes of what left the building.</summary>
[Migration(41, "Disclosures")]
public sealed class M0041Disclosures : Migration
{
    public override void Up()
    {
        Create.Table("disclosures")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("call_id").AsGuid().NotNullable().ForeignKey("fk_disclosures_call", "calls", "id").Indexed("ix_disclosures_call_id")
            .WithColumn("created_by").AsString(128).NotNullable()
            .WithColumn("created_at").AsInt64().NotNullable()
            .WithColumn("reason").AsString(1000).NotNullable()
            .WithColumn("muted_ranges").AsString(int.MaxValue).NotNullable()
            .WithColumn("text_masks").AsString(int.MaxValue).NotNullable()
            .WithColumn("original_sha256").AsString(64).NotNullable()
            .WithColumn("redacted_sha256").AsString(64).NotNullable()
            .WithColumn("package_sha256").AsString(64).NotNullable();
    }

    public override void Down() => Delete.Table("disclosures");
}
