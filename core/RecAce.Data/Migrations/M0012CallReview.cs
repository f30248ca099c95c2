using FluentMigrator;

namespace RecAce.Data.Migrations;

/// <summary>Review of a call: who put it on legal hold and until when, the review flag, tags and notes.</summary>
[Migration(12, "Call review")]
public sealed class M0012CallReview : Migration
{
    public override void Up()
    {
        Alter.Table("calls")
            .AddColumn("legal_hold_by").AsString(128).Nullable()
            .AddColumn("legal_hold_at").AsInt64().Nullable()
            .AddColumn("legal_hold_until").AsInt64().Nullable()
            .AddColumn("review_flag").AsBoolean().NotNullable().WithDefaultValue(false)
            .AddColumn("review_flag_reason").AsString(1000).Nullable();
        Create.Index("ix_calls_review_flag").OnTable("calls").OnColumn("review_flag").Ascending().OnColumn("started_at").Descending();

        Create.Table("call_tags")
            .WithColumn("call_id").AsGuid().NotNullable().ForeignKey("fk_call_tags_call", "calls", "id")
            .WithColumn("tag").AsString(64).NotNullable()
            .WithColumn("added_by").AsString(128).NotNullable()
            .WithColumn("added_at").AsInt64().NotNullable();
        Create.Index("ux_call_tags").OnTable("call_tags").OnColumn("call_id").Ascending().OnColumn("tag").Ascending().WithOptions().Unique();

        Create.Table("call_notes")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("call_id").AsGuid().NotNullable().ForeignKey("fk_call_notes_call", "calls", "id").Indexed("ix_call_notes_call_id")
            .WithColumn("author").AsString(128).NotNullable()
            .WithColumn("at").AsInt64().NotNullable()
            .WithColumn("text").AsString(4000).NotNullable();
    }

    public override void Down()
    {
        Delete.Table("call_notes");
        Delete.Table("call_tags");
        Delete.Index("ix_calls_review_flag").OnTable("calls");
        Delete.Column("legal_hold_by").Column("legal_hold_at").Column("legal_hold_until").Column("review_flag").Column("review_flag_reason").FromTable("calls");
    }
}
