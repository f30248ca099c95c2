using System.Data;
using FluentMigrator;
using RecAce.Data.Audit;

namespace RecAce.Data.Migrations;

/// <summary>Hash-chains the audit trail; rows written before this migration are chained in id order.</summary>
[Migration(11, "Audit hash chain")]
public sealed class M0011AuditChain : Migration
{
    public override void Up()
    {
        Alter.Table("audit_events")
            .AddColumn("prev_hash").AsString(64).Nullable()
            .AddColumn("hash").AsString(64).Nullable();
        Execute.WithConnection(ChainExistingRows);
    }

    public override void Down() => Delete.Column("prev_hash").Column("hash").FromTable("audit_events");

    private static void ChainExistingRows(IDbConnection connection, IDbTransaction transaction)
    {
        var rows = new List<AuditChainFields>();
        using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT id, at, actor, action, target, detail, remote_address FROM audit_events ORDER BY id";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                rows.Add(new AuditChainFields(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
            }
        }

        var previous = AuditChain.Genesis;
        foreach (var row in rows)
        {
            var hash = AuditChain.Hash(previous, row);
            using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = "UPDATE audit_events SET prev_hash = @p, hash = @h WHERE id = @id";
            AddParameter(update, "@p", previous);
            AddParameter(update, "@h", hash);
            AddParameter(update, "@id", row.Id);
            update.ExecuteNonQuery();
            previous = hash;
        }
    }

    private static void AddParameter(IDbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }
}
