using System.Data;
using FluentMigrator;
using RecAce.Data.Integrity;

namespace RecAce.Data.Migrations;

/// <summary>
/// The integrity chain, its signed checkpoints and the verification runs. Recordings sealed before
/// this migration are enrolled in call order, trusting the SHA-256 stored when they were sealed.
/// </summary>
[Migration(20, "Integrity chain")]
public sealed class M0020IntegrityChain : Migration
{
    public override void Up()
    {
        Create.Table("integrity_chain")
            .WithColumn("seq").AsInt64().PrimaryKey()
            .WithColumn("at").AsInt64().NotNullable()
            .WithColumn("kind").AsString(32).NotNullable()
            .WithColumn("call_id").AsGuid().NotNullable().Indexed("ix_integrity_chain_call_id")
            .WithColumn("recording_sha256").AsString(64).Nullable()
            .WithColumn("metadata_digest").AsString(64).NotNullable()
            .WithColumn("detail").AsString(1000).Nullable()
            .WithColumn("prev_hash").AsString(64).NotNullable()
            .WithColumn("hash").AsString(64).NotNullable();

        Create.Table("integrity_checkpoints")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("seq").AsInt64().NotNullable().Indexed("ix_integrity_checkpoints_seq")
            .WithColumn("head_hash").AsString(64).NotNullable()
            .WithColumn("at").AsInt64().NotNullable()
            .WithColumn("signature").AsString(512).NotNullable()
            .WithColumn("key_id").AsString(64).NotNullable()
            .WithColumn("timestamp_token").AsString(int.MaxValue).Nullable();

        Create.Table("integrity_runs")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("at").AsInt64().NotNullable()
            .WithColumn("actor").AsString(256).NotNullable()
            .WithColumn("scope").AsString(64).NotNullable()
            .WithColumn("intact").AsBoolean().NotNullable()
            .WithColumn("calls_checked").AsInt64().NotNullable()
            .WithColumn("entries_checked").AsInt64().NotNullable()
            .WithColumn("problems").AsString(int.MaxValue).Nullable()
            .WithColumn("duration_ms").AsInt64().NotNullable();

        Execute.WithConnection(EnrollSealedRecordings);
    }

    public override void Down()
    {
        Delete.Table("integrity_runs");
        Delete.Table("integrity_checkpoints");
        Delete.Table("integrity_chain");
    }

    private static void EnrollSealedRecordings(IDbConnection connection, IDbTransaction transaction)
    {
        // The id is written back exactly as the calls table stores it, whatever the provider's Guid form.
        var rows = new List<(CallFingerprint Print, object RawId, string Sha, bool Deleted)>();
        using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            // Finalized (2) and deleted (4) calls with a recording, oldest first.
            select.CommandText = """
                SELECT c.id, c.started_at, c.ended_at, c.duration_ms, c.direction, c.outside_number, c.outside_name,
                       c.staff_extension, c.staff_name, r.path, r.size_bytes, r.sha256, c.status
                FROM calls c JOIN recordings r ON r.call_id = c.id
                WHERE c.status IN (2, 4) ORDER BY r.sealed_at, c.started_at
                """;
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
                long? Number(int i) => reader.IsDBNull(i) ? null : reader.GetInt64(i);
                var print = new CallFingerprint(reader.GetGuid(0), reader.GetInt64(1), Number(2), Number(3), reader.GetInt32(4), Text(5), Text(6),
                    Text(7), Text(8), Text(9), Number(10));
                rows.Add((print, reader.GetValue(0), reader.GetString(11), reader.GetInt32(12) == 4));
            }
        }

        var previous = ChainHash.Genesis;
        long sequence = 0;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var (print, rawId, sha, deleted) in rows)
        {
            previous = InsertEntry(connection, transaction, new ChainEntryFields(++sequence, now, ChainEntryKind.Enroll, print.CallId, sha, print.Digest(), "sealed before the integrity chain existed"), rawId, previous);
            if (deleted) previous = InsertEntry(connection, transaction, new ChainEntryFields(++sequence, now, ChainEntryKind.RetentionDelete, print.CallId, sha, print.Digest(), "deleted before the integrity chain existed"), rawId, previous);
        }
    }

    private static string InsertEntry(IDbConnection connection, IDbTransaction transaction, ChainEntryFields e, object rawId, string previous)
    {
        var hash = ChainHash.Hash(previous, e);
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO integrity_chain (seq, at, kind, call_id, recording_sha256, metadata_digest, detail, prev_hash, hash) VALUES (@s, @a, @k, @c, @r, @m, @d, @p, @h)";
        foreach (var (name, value) in new (string, object?)[] { ("@s", e.Sequence), ("@a", e.AtMs), ("@k", e.Kind), ("@c", rawId), ("@r", e.RecordingSha256), ("@m", e.MetadataDigest), ("@d", e.Detail), ("@p", previous), ("@h", hash) })
        {
            var p = insert.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            insert.Parameters.Add(p);
        }

        insert.ExecuteNonQuery();
        return hash;
    }
}
