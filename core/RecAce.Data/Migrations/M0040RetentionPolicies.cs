using FluentMigrator;

namespace RecAce.Data.Migrations;

/// <summary>
/// Retention policies edited in the admin (per line, number or department) and the departments
/// themselves: a name and the staff extensions that belong to it.
/// </summary>
[Migration(40, "Retention policies and departments")]
public sealed class M0040RetentionPolicies : Migration
{
    public override void Up()
    {
        Create.Table("departments")
            .WithColumn("name").AsString(128).NotNullable().PrimaryKey("pk_departments")
            .WithColumn("extensions").AsString(2000).NotNullable()
            .WithColumn("updated_by").AsString(128).NotNullable()
            .WithColumn("updated_at").AsInt64().NotNullable();

        Create.Table("retention_policies")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("kind").AsInt32().NotNullable()
            .WithColumn("match").AsString(128).NotNullable()
            .WithColumn("days").AsInt32().NotNullable()
            .WithColumn("below_floor_allowed").AsBoolean().NotNullable().WithDefaultValue(false)
            .WithColumn("note").AsString(1000).Nullable()
            .WithColumn("updated_by").AsString(128).NotNullable()
            .WithColumn("updated_at").AsInt64().NotNullable();
        Create.Index("ux_retention_policies").OnTable("retention_policies").OnColumn("kind").Ascending().OnColumn("match").Ascending().WithOptions().Unique();
    }

    public override void Down()
    {
        Delete.Table("retention_policies");
        Delete.Table("departments");
    }
}
