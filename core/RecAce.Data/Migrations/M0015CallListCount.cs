using FluentMigrator;
using FluentMigrator.Runner.Processors;

namespace RecAce.Data.Migrations;

/// <summary>
/// The number of listed (not deleted) calls, kept by triggers, so the unfiltered call list does not
/// count a million rows on every request. SQLite only for now; PostgreSQL needs its own trigger
/// functions when that database is wired.
/// </summary>
[Migration(15, "Call list count")]
public sealed class M0015CallListCount : Migration
{
    public override void Up()
    {
        var sqlite = IfDatabase(ProcessorIdConstants.SQLite);
        sqlite.Execute.Sql("CREATE TABLE call_list_count (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL)");
        sqlite.Execute.Sql("INSERT INTO call_list_count (id, n) SELECT 1, count(*) FROM calls WHERE status <> 4");
        sqlite.Execute.Sql("CREATE TRIGGER trg_calls_count_insert AFTER INSERT ON calls WHEN NEW.status <> 4 BEGIN UPDATE call_list_count SET n = n + 1 WHERE id = 1; END");
        sqlite.Execute.Sql("CREATE TRIGGER trg_calls_count_delete AFTER DELETE ON calls WHEN OLD.status <> 4 BEGIN UPDATE call_list_count SET n = n - 1 WHERE id = 1; END");
        sqlite.Execute.Sql("CREATE TRIGGER trg_calls_count_update AFTER UPDATE OF status ON calls WHEN (OLD.status <> 4) <> (NEW.status <> 4) " +
            "BEGIN UPDATE call_list_count SET n = n + (CASE WHEN NEW.status <> 4 THEN 1 ELSE -1 END) WHERE id = 1; END");
    }

    public override void Down()
    {
        var sqlite = IfDatabase(ProcessorIdConstants.SQLite);
        sqlite.Execute.Sql("DROP TRIGGER trg_calls_count_update");
        sqlite.Execute.Sql("DROP TRIGGER trg_calls_count_delete");
        sqlite.Execute.Sql("DROP TRIGGER trg_calls_count_insert");
        sqlite.Execute.Sql("DROP TABLE call_list_count");
    }
}
