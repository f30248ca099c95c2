using FluentMigrator;

namespace RecAce.Data.Migrations;

/// <summary>
/// The in-line recorder's routes edited in the admin (tried in <c>position</c> order, before the
/// configuration's <c>Plugins:Sip:Routes</c>) and the announcements uploaded for them.
/// </summary>
[Migration(70, "InlineRoutes")]
public sealed class M0070InlineRoutes : Migration
{
    public override void Up()
    {
        Create.Table("announcements")
            .WithColumn("id").AsString(32).PrimaryKey()
            .WithColumn("name").AsString(128).NotNullable()
            .WithColumn("file_name").AsString(64).NotNullable()
            .WithColumn("duration_ms").AsInt64().NotNullable()
            .WithColumn("size_bytes").AsInt64().NotNullable()
            .WithColumn("sha256").AsString(64).NotNullable()
            .WithColumn("uploaded_by").AsString(128).NotNullable()
            .WithColumn("uploaded_at").AsInt64().NotNullable();

        Create.Table("sip_routes")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("position").AsInt32().NotNullable()
            .WithColumn("match").AsString(256).NotNullable()
            .WithColumn("source").AsString(64).Nullable()
            .WithColumn("action").AsString(32).NotNullable()
            .WithColumn("target").AsString(256).Nullable()
            .WithColumn("announcement_id").AsString(32).Nullable().ForeignKey("fk_sip_routes_announcement", "announcements", "id")
            .WithColumn("record").AsBoolean().NotNullable()
            .WithColumn("early_media").AsBoolean().NotNullable()
            .WithColumn("beep_interval_seconds").AsInt32().NotNullable()
            .WithColumn("ring_timeout_seconds").AsInt32().NotNullable()
            .WithColumn("updated_by").AsString(128).NotNullable()
            .WithColumn("updated_at").AsInt64().NotNullable();
    }

    public override void Down()
    {
        Delete.Table("sip_routes");
        Delete.Table("announcements");
    }
}
