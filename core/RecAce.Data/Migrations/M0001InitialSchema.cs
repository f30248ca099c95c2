using FluentMigrator;

namespace RecAce.Data.Migrations;

/// <summary>Calls, legs, recordings, plugin states, audit events, users and API tokens.</summary>
[Migration(1, "Initial schema")]
public sealed class M0001InitialSchema : Migration
{
    public override void Up()
    {
        Create.Table("calls")
            .WithColumn("id").AsGuid().PrimaryKey()
            .WithColumn("started_at").AsInt64().NotNullable().Indexed("ix_calls_started_at")
            .WithColumn("ended_at").AsInt64().Nullable()
            .WithColumn("duration_ms").AsInt64().Nullable()
            .WithColumn("direction").AsInt32().NotNullable()
            .WithColumn("outside_number").AsString(64).Nullable().Indexed("ix_calls_outside_number")
            .WithColumn("outside_name").AsString(256).Nullable()
            .WithColumn("staff_extension").AsString(64).Nullable().Indexed("ix_calls_staff_extension")
            .WithColumn("staff_name").AsString(256).Nullable()
            .WithColumn("adapter_id").AsString(64).NotNullable()
            .WithColumn("adapter_call_id").AsString(256).Nullable()
            .WithColumn("source_digest").AsString(64).Nullable().Unique("ux_calls_source_digest")
            .WithColumn("status").AsInt32().NotNullable().Indexed("ix_calls_status")
            .WithColumn("end_reason").AsInt32().NotNullable()
            .WithColumn("recovered").AsBoolean().NotNullable()
            .WithColumn("error").AsString(4000).Nullable()
            .WithColumn("finalize_attempts").AsInt32().NotNullable()
            .WithColumn("legal_hold").AsBoolean().NotNullable()
            .WithColumn("legal_hold_reason").AsString(1000).Nullable()
            .WithColumn("extra_json").AsString(int.MaxValue).Nullable()
            .WithColumn("created_at").AsInt64().NotNullable();

        Create.Table("legs")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("call_id").AsGuid().NotNullable().ForeignKey("fk_legs_call", "calls", "id").Indexed("ix_legs_call_id")
            .WithColumn("leg_id").AsString(64).NotNullable()
            .WithColumn("role").AsInt32().NotNullable()
            .WithColumn("label").AsString(256).Nullable()
            .WithColumn("sample_rate").AsInt32().NotNullable()
            .WithColumn("samples").AsInt64().NotNullable()
            .WithColumn("packets").AsInt64().NotNullable()
            .WithColumn("lost").AsInt64().NotNullable()
            .WithColumn("late").AsInt64().NotNullable()
            .WithColumn("duplicate").AsInt64().NotNullable()
            .WithColumn("malformed").AsInt64().NotNullable();
        Create.Index("ux_legs_call_leg").OnTable("legs").OnColumn("call_id").Ascending().OnColumn("leg_id").Ascending().WithOptions().Unique();

        Create.Table("recordings")
            .WithColumn("call_id").AsGuid().PrimaryKey().ForeignKey("fk_recordings_call", "calls", "id")
            .WithColumn("path").AsString(1024).NotNullable()
            .WithColumn("format").AsString(32).NotNullable()
            .WithColumn("sha256").AsString(64).NotNullable()
            .WithColumn("size_bytes").AsInt64().NotNullable()
            .WithColumn("duration_ms").AsInt64().NotNullable()
            .WithColumn("channels").AsInt32().NotNullable()
            .WithColumn("sealed_at").AsInt64().NotNullable();

        Create.Table("plugin_states")
            .WithColumn("plugin_id").AsString(64).PrimaryKey()
            .WithColumn("state").AsString(32).NotNullable()
            .WithColumn("version").AsString(64).Nullable()
            .WithColumn("message").AsString(4000).Nullable()
            .WithColumn("fault_count").AsInt32().NotNullable()
            .WithColumn("updated_at").AsInt64().NotNullable();

        Create.Table("audit_events")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("at").AsInt64().NotNullable().Indexed("ix_audit_events_at")
            .WithColumn("actor").AsString(256).NotNullable()
            .WithColumn("action").AsString(64).NotNullable()
            .WithColumn("target").AsString(256).Nullable()
            .WithColumn("detail").AsString(4000).Nullable()
            .WithColumn("remote_address").AsString(64).Nullable();

        Create.Table("users")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("user_name").AsString(128).NotNullable().Unique("ux_users_user_name")
            .WithColumn("password_hash").AsString(512).NotNullable()
            .WithColumn("role").AsString(32).NotNullable()
            .WithColumn("created_at").AsInt64().NotNullable()
            .WithColumn("failed_sign_ins").AsInt32().NotNullable()
            .WithColumn("locked_until").AsInt64().Nullable();

        Create.Table("api_tokens")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("name").AsString(128).NotNullable()
            .WithColumn("token_hash").AsString(64).NotNullable().Unique("ux_api_tokens_hash")
            .WithColumn("role").AsString(32).NotNullable()
            .WithColumn("created_at").AsInt64().NotNullable()
            .WithColumn("expires_at").AsInt64().Nullable()
            .WithColumn("revoked").AsBoolean().NotNullable();
    }

    public override void Down()
    {
        Delete.Table("api_tokens");
        Delete.Table("users");
        Delete.Table("audit_events");
        Delete.Table("plugin_states");
        Delete.Table("recordings");
        Delete.Table("legs");
        Delete.Table("calls");
    }
}
