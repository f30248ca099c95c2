using FluentMigrator;

namespace RecAce.Data.Migrations;

/// <summary>
/// The カスハラ workflow: incidents (categories, status, escalation, notes, linked calls), each call's
/// signal score, the watch list of outside numbers and the alerts it raised.
/// </summary>
[Migration(30, "Harassment workflow")]
public sealed class M0030Harassment : Migration
{
    public override void Up()
    {
        Create.Table("incidents")
            .WithColumn("id").AsGuid().PrimaryKey()
            .WithColumn("call_id").AsGuid().NotNullable().ForeignKey("fk_incidents_call", "calls", "id").Indexed("ix_incidents_call_id")
            .WithColumn("categories").AsString(200).NotNullable()
            .WithColumn("status").AsInt32().NotNullable()
            .WithColumn("escalated_to").AsInt32().Nullable()
            .WithColumn("summary").AsString(4000).NotNullable()
            .WithColumn("outside_number").AsString(64).Nullable().Indexed("ix_incidents_outside_number")
            .WithColumn("staff_extension").AsString(64).Nullable()
            .WithColumn("occurred_at").AsInt64().NotNullable().Indexed("ix_incidents_occurred_at")
            .WithColumn("created_by").AsString(128).NotNullable()
            .WithColumn("created_at").AsInt64().NotNullable()
            .WithColumn("updated_at").AsInt64().NotNullable();

        Create.Table("incident_notes")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("incident_id").AsGuid().NotNullable().ForeignKey("fk_incident_notes_incident", "incidents", "id").Indexed("ix_incident_notes_incident_id")
            .WithColumn("author").AsString(128).NotNullable()
            .WithColumn("at").AsInt64().NotNullable()
            .WithColumn("text").AsString(4000).NotNullable();

        Create.Table("incident_calls")
            .WithColumn("incident_id").AsGuid().NotNullable().ForeignKey("fk_incident_calls_incident", "incidents", "id")
            .WithColumn("call_id").AsGuid().NotNullable().ForeignKey("fk_incident_calls_call", "calls", "id").Indexed("ix_incident_calls_call_id")
            .WithColumn("linked_by").AsString(128).NotNullable()
            .WithColumn("linked_at").AsInt64().NotNullable();
        Create.Index("ux_incident_calls").OnTable("incident_calls").OnColumn("incident_id").Ascending().OnColumn("call_id").Ascending().WithOptions().Unique();

        Create.Table("call_signals")
            .WithColumn("call_id").AsGuid().PrimaryKey().ForeignKey("fk_call_signals_call", "calls", "id")
            .WithColumn("score").AsInt32().NotNullable()
            .WithColumn("reasons_json").AsString(8000).NotNullable()
            .WithColumn("categories").AsString(200).NotNullable()
            .WithColumn("with_transcript").AsBoolean().NotNullable()
            .WithColumn("analyzed_at").AsInt64().NotNullable();
        Create.Index("ix_call_signals_score").OnTable("call_signals").OnColumn("score").Descending();

        Create.Table("watch_list")
            .WithColumn("number").AsString(64).PrimaryKey()
            .WithColumn("reason").AsString(1000).NotNullable()
            .WithColumn("added_by").AsString(128).NotNullable()
            .WithColumn("added_at").AsInt64().NotNullable();

        Create.Table("caller_alerts")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("call_id").AsGuid().NotNullable().Indexed("ix_caller_alerts_call_id")
            .WithColumn("number").AsString(64).NotNullable()
            .WithColumn("reason").AsString(1000).NotNullable()
            .WithColumn("staff_extension").AsString(64).Nullable()
            .WithColumn("at").AsInt64().NotNullable().Indexed("ix_caller_alerts_at")
            .WithColumn("mail_status").AsInt32().NotNullable()
            .WithColumn("dismissed_by").AsString(128).Nullable();
    }

    public override void Down()
    {
        Delete.Table("caller_alerts");
        Delete.Table("watch_list");
        Delete.Table("call_signals");
        Delete.Table("incident_calls");
        Delete.Table("incident_notes");
        Delete.Table("incidents");
    }
}
