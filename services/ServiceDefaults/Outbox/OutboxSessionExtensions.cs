using System.Runtime.CompilerServices;
using System.Text.Json;
using Marten;

namespace CustomerHealth.ServiceDefaults.Outbox;

public static class OutboxSessionExtensions
{
    /// <summary>Messages waiting to be written with their session's next SaveChanges.</summary>
    private static readonly ConditionalWeakTable<IDocumentSession, HeldBack> Pending = [];

    /// <summary>
    /// Queues an integration event in the session's unit of work: it is written to the outbox in the
    /// same PostgreSQL transaction as the session's other changes, and published only once that commits.
    /// The first message of a unit of work is queued at once (so the session has work to save); the
    /// rest are written by one multi-row insert just before the session saves, not a statement each.
    /// </summary>
    public static void PublishOnCommit<TMessage>(this IDocumentSession session, TMessage message, Guid messageId)
        where TMessage : class
    {
        object?[] row = [messageId, OutboxMessageType.NameOf(typeof(TMessage)), JsonSerializer.Serialize(message, OutboxMessageType.Json)];
        var held = Pending.GetOrCreateValue(session);
        lock (held)
        {
            if (held.FirstQueued)
            {
                held.Rows.Add(row);
                return;
            }

            held.FirstQueued = true;
        }

        Insert(session, [row]);
    }

    /// <summary>Writes the messages held back since the unit of work began; called before the session saves.</summary>
    internal static void FlushPending(IDocumentSession session)
    {
        if (!Pending.TryGetValue(session, out var held))
        {
            return;
        }

        List<object?[]> rows;
        lock (held)
        {
            rows = [.. held.Rows];
            held.Rows.Clear();
            held.FirstQueued = false;
        }

        if (rows.Count > 0)
        {
            Insert(session, rows);
        }
    }

    private static void Insert(IDocumentSession session, IReadOnlyList<object?[]> rows)
    {
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        session.QueueSqlCommand(
            $"insert into {schema}.{OutboxTable.Name} (message_id, message_type, body) values " +
            string.Join(", ", rows.Select(_ => "(?, ?, ?::jsonb)")),
            [.. rows.SelectMany(r => r)!]);
    }

    /// <summary>A session's unit of work: whether its first message is queued, and the rows after it.</summary>
    private sealed class HeldBack
    {
        public bool FirstQueued { get; set; }

        public List<object?[]> Rows { get; } = [];
    }
}
