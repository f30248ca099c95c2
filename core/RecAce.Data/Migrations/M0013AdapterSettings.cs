using FluentMigrator;

namespace RecAce.Data.Migrations;

/// <summary>Adapter settings edited in the admin; overlaid on <c>Plugins:&lt;id&gt;:*</c> at the next start.</summary>
[Migration(13, "Adapter settings")]
public sealed class M0013AdapterSettings : Migration
{
    public override void Up()
    {
        Create.Table("adapter_settings")
            .WithColumn("plugin_id").AsString(64).NotNullable()
            .WithColumn("key").AsString(128).NotNullable()
            .WithColumn("value").AsString(4000).Nullable()
            .WithColumn("updated_by").AsString(128).NotNullable()
            .WithColumn("updated_at").AsInt64().NotNullable();
        Create.PrimaryKey("pk_adapter_settings").OnTable("adapter_settings").Columns("plugin_id", "key");
    }

    public override void Down() => Delete.Table("adapter_settings");
}
