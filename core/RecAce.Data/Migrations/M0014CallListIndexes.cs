using FluentMigrator;

namespace RecAce.Data.Migrations;

/// <summary>
/// Indexes in the call list's own order (newest first, id as tie-break) over the calls it shows
/// (not deleted): the page is read straight from the index and the total counted from it, so the
/// list stays fast with millions of calls. Partial indexes: same syntax in SQLite and PostgreSQL.
/// </summary>
[Migration(14, "Call list indexes")]
public sealed class M0014CallListIndexes : Migration
{
    public override void Up()
    {
        Execute.Sql("CREATE INDEX ix_calls_list ON calls (started_at DESC, id) WHERE status <> 4");
        Execute.Sql("CREATE INDEX ix_calls_list_extension ON calls (staff_extension, started_at DESC, id) WHERE status <> 4");
    }

    public override void Down()
    {
        Execute.Sql("DROP INDEX ix_calls_list_extension");
        Execute.Sql("DROP INDEX ix_calls_list");
    }
}
