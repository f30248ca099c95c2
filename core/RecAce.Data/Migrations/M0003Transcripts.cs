using FluentMigrator;
using FluentMigrator.Runner.Processors;

namespace RecAce.Data.Migrations;

/// <summary>
/// Transcription state per call, speaker-labelled segments (original text kept beside a supervisor's
/// correction) and a trigram full-text index over the text in force (SQLite FTS5, PostgreSQL pg_trgm).
/// </summary>
[Migration(3, "Transcripts and their full-text index")]
public sealed class M0003Transcripts : Migration
{
    public override void Up()
    {
        Create.Table("transcriptions")
            .WithColumn("call_id").AsGuid().PrimaryKey().ForeignKey("fk_transcription_call", "calls", "id")
            .WithColumn("status").AsInt32().NotNullable().Indexed("ix_transcriptions_status")
            .WithColumn("attempts").AsInt32().NotNullable().WithDefaultValue(0)
            .WithColumn("error").AsString(4000).Nullable()
            .WithColumn("model").AsString(128).Nullable()
            .WithColumn("language").AsString(16).Nullable()
            .WithColumn("audio_ms").AsInt64().Nullable()
            .WithColumn("speech_ms").AsInt64().Nullable()
            .WithColumn("updated_at").AsInt64().NotNullable();

        Create.Table("transcript_segments")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("call_id").AsGuid().NotNullable().ForeignKey("fk_segment_call", "calls", "id").Indexed("ix_transcript_segments_call_id")
            .WithColumn("speaker").AsInt32().NotNullable()
            .WithColumn("start_ms").AsInt64().NotNullable()
            .WithColumn("end_ms").AsInt64().NotNullable()
            .WithColumn("text").AsString(int.MaxValue).NotNullable()
            .WithColumn("corrected_text").AsString(int.MaxValue).Nullable()
            .WithColumn("corrected_by").AsString(256).Nullable()
            .WithColumn("corrected_at").AsInt64().Nullable();

        // The index reads the text in force through a view, so it stores no second copy of 10M segments.
        Execute.Sql("CREATE VIEW transcript_text AS SELECT id, COALESCE(corrected_text, text) AS text FROM transcript_segments;");

        // PostgreSQL: a trigram GIN index over the same expression serves ILIKE '%…%' (pg_trgm is a
        // trusted extension since PostgreSQL 13: the database owner may create it).
        var postgres = IfDatabase(ProcessorIdConstants.Postgres, ProcessorIdConstants.PostgreSQL);
        postgres.Execute.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");
        postgres.Execute.Sql("CREATE INDEX ix_transcript_segments_text_trgm ON transcript_segments USING gin ((COALESCE(corrected_text, text)) gin_trgm_ops);");

        var sqlite = IfDatabase(ProcessorIdConstants.SQLite);
        sqlite.Execute.Sql("CREATE VIRTUAL TABLE transcript_fts USING fts5(text, content='transcript_text', content_rowid='id', tokenize='trigram');");
        sqlite.Execute.Sql("""
            CREATE TRIGGER transcript_segments_ai AFTER INSERT ON transcript_segments BEGIN
              INSERT INTO transcript_fts(rowid, text) VALUES (new.id, COALESCE(new.corrected_text, new.text));
            END;
            """);
        sqlite.Execute.Sql("""
            CREATE TRIGGER transcript_segments_ad AFTER DELETE ON transcript_segments BEGIN
              INSERT INTO transcript_fts(transcript_fts, rowid, text) VALUES ('delete', old.id, COALESCE(old.corrected_text, old.text));
            END;
            """);
        sqlite.Execute.Sql("""
            CREATE TRIGGER transcript_segments_au AFTER UPDATE ON transcript_segments BEGIN
              INSERT INTO transcript_fts(transcript_fts, rowid, text) VALUES ('delete', old.id, COALESCE(old.corrected_text, old.text));
              INSERT INTO transcript_fts(rowid, text) VALUES (new.id, COALESCE(new.corrected_text, new.text));
            END;
            """);
    }

    public override void Down()
    {
        var sqlite = IfDatabase(ProcessorIdConstants.SQLite);
        sqlite.Execute.Sql("DROP TRIGGER IF EXISTS transcript_segments_au; DROP TRIGGER IF EXISTS transcript_segments_ad; DROP TRIGGER IF EXISTS transcript_segments_ai;");
        sqlite.Execute.Sql("DROP TABLE IF EXISTS transcript_fts;");
        Execute.Sql("DROP VIEW IF EXISTS transcript_text;");
        Delete.Table("transcript_segments");
        Delete.Table("transcriptions");
    }
}
