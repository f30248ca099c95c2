using FluentMigrator;

namespace RecAce.Data.Migrations;

/// <summary>Adapter settings edited in the admin; overlaid on <c>Plugins:&lt;id&gt;:*</c> at the next start.</summary>
[Migration(13, "Adapter settings")]
public sealed class M0013AdapterSettings : Migration
{
    public override void Up()
    {
        Create.Table("adapter_settings")
            .WithColumn("plugin_id").AsString(64).NotNullable().PrimaryKey("pk_adapter_settings")
            .WithColumn("key").AsString(128).NotNullable().PrimaryKey("pk_adapter_settings")
            .WithColumn("value").AsString(4000).Nullable()
            .WithColumn("updated_by").AsString(128).NotNullable()
            .WithColumn("updated_at").AsInt64().NotNullable();
    }

    public override void Down() => Delete.Table("adapter_settings");
}
