using FluentMigrator;
using FluentMigrator.Runner.Processors;

namespace RecAce.Data.Migrations;

/// <summary>
/// The number of listed (not deleted) calls, kept by triggers, so the unfiltered call list does not
/// count a million rows on every request. SQLite triggers; on PostgreSQL one plpgsql trigger function.
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

        var postgres = IfDatabase(ProcessorIdConstants.Postgres, ProcessorIdConstants.PostgreSQL);
        postgres.Execute.Sql("CREATE TABLE call_list_count (id bigint PRIMARY KEY CHECK (id = 1), n bigint NOT NULL)");
        postgres.Execute.Sql("INSERT INTO call_list_count (id, n) SELECT 1, count(*) FROM calls WHERE status <> 4");
        postgres.Execute.Sql("""
            CREATE FUNCTION calls_list_count() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE delta bigint := 0;
            BEGIN
              IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status <> 4 THEN delta := delta - 1; END IF;
              IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.status <> 4 THEN delta := delta + 1; END IF;
              IF delta <> 0 THEN UPDATE call_list_count SET n = n + delta WHERE id = 1; END IF;
              RETURN NULL;
            END $$
            """);
        postgres.Execute.Sql("CREATE TRIGGER trg_calls_count AFTER INSERT OR DELETE OR UPDATE OF status ON calls FOR EACH ROW EXECUTE FUNCTION calls_list_count()");
    }

    public override void Down()
    {
        var sqlite = IfDatabase(ProcessorIdConstants.SQLite);
        sqlite.Execute.Sql("DROP TRIGGER trg_calls_count_update");
        sqlite.Execute.Sql("DROP TRIGGER trg_calls_count_delete");
        sqlite.Execute.Sql("DROP TRIGGER trg_calls_count_insert");
        sqlite.Execute.Sql("DROP TABLE call_list_count");

        var postgres = IfDatabase(ProcessorIdConstants.Postgres, ProcessorIdConstants.PostgreSQL);
        postgres.Execute.Sql("DROP TRIGGER trg_calls_count ON calls");
        postgres.Execute.Sql("DROP FUNCTION calls_list_count()");
        postgres.Execute.Sql("DROP TABLE call_list_count");
    }
}
