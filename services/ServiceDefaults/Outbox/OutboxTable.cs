using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace CustomerHealth.ServiceDefaults.Outbox;

/// <summary>
/// {schema}.outbox_messages: integration events written in the same transaction as the state change
/// that caused them, then forwarded to the broker by <see cref="OutboxDispatcher"/>. Created and
/// migrated with the rest of the service's Marten schema.
/// </summary>
public static class OutboxTable
{
    public const string Name = "outbox_messages";

    public static Table Define(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, Name, SchemaUtils.IdentifierUsage.General));
        table.AddColumn("id", "bigserial").AsPrimaryKey();
        table.AddColumn<Guid>("message_id").NotNull();
        table.AddColumn<string>("message_type").NotNull();
        table.AddColumn("body", "jsonb").NotNull();
        table.AddColumn("created_at", "timestamp with time zone").NotNull().DefaultValueByExpression("now()");
        table.AddColumn("dispatched_at", "timestamp with time zone").AllowNulls();
        // The dispatcher reads the undispatched rows in id order; keep that scan tiny.
        table.Indexes.Add(new IndexDefinition($"ix_{Name}_pending") { Columns = ["id"], Predicate = "dispatched_at is null" });
        return table;
    }
}
