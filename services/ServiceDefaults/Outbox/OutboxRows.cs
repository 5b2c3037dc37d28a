using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace CustomerHealth.ServiceDefaults.Outbox;

/// <summary>
/// Writes integration events to {schema}.outbox_messages on a raw connection, for services that change
/// state with plain SQL rather than a Marten session. Call it inside the transaction of the state
/// change, then <see cref="OutboxSignal.Notify"/> after commit so the dispatcher does not wait for its poll.
/// </summary>
public static class OutboxRows
{
    public static async Task<int> InsertAsync<TMessage>(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        string schema,
        IReadOnlyCollection<(Guid MessageId, TMessage Message)> messages,
        CancellationToken ct)
        where TMessage : class
    {
        if (messages.Count == 0)
        {
            return 0;
        }

        // One statement for the whole set: arrays, not a round trip per message.
        await using var command = new NpgsqlCommand(
            $"insert into {schema}.{OutboxTable.Name} (message_id, message_type, body) " +
            "select id, @type, body::jsonb from unnest(@ids, @bodies) as m(id, body)",
            connection,
            transaction);
        command.Parameters.AddWithValue("type", OutboxMessageType.NameOf(typeof(TMessage)));
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = messages.Select(m => m.MessageId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("bodies", NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            Value = messages.Select(m => JsonSerializer.Serialize(m.Message, OutboxMessageType.Json)).ToArray(),
        });
        return await command.ExecuteNonQueryAsync(ct);
    }
}
