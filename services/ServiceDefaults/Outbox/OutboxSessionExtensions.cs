using System.Text.Json;
using Marten;

namespace CustomerHealth.ServiceDefaults.Outbox;

public static class OutboxSessionExtensions
{
    /// <summary>
    /// Queues an integration event in the session's unit of work: it is written to the outbox in the
    /// same PostgreSQL transaction as the session's other changes, and published only once that commits.
    /// </summary>
    public static void PublishOnCommit<TMessage>(this IDocumentSession session, TMessage message, Guid messageId)
        where TMessage : class
    {
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        session.QueueSqlCommand(
            $"insert into {schema}.{OutboxTable.Name} (message_id, message_type, body) values (?, ?, ?::jsonb)",
            messageId,
            OutboxMessageType.NameOf(typeof(TMessage)),
            JsonSerializer.Serialize(message, OutboxMessageType.Json));
    }
}
