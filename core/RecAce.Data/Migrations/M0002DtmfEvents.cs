using FluentMigrator;

namespace RecAce.Data.Migrations;

/// <summary>Key presses (RFC 4733) stored with their call.</summary>
[Migration(2, "DTMF events")]
public sealed class M0002DtmfEvents : Migration
{
    public override void Up() =>
        Create.Table("dtmf_events")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("call_id").AsGuid().NotNullable().ForeignKey("fk_dtmf_call", "calls", "id").Indexed("ix_dtmf_events_call_id")
            .WithColumn("leg_id").AsString(64).NotNullable()
            .WithColumn("digit").AsString(1).NotNullable()
            .WithColumn("at").AsInt64().NotNullable()
            .WithColumn("duration_ms").AsInt32().NotNullable();

    public override void Down() => Delete.Table("dtmf_events");
}
