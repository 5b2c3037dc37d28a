using Marten;
using Npgsql;
using NpgsqlTypes;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace CustomerHealth.Billing.RecordingRevenue;

/// <summary>
/// billing.recorded_revenue_events: the idempotency records, one row per accepted event id with the
/// fingerprint of its payload (a redelivery matches it, a conflicting reuse does not). A plain table,
/// not a Marten document: a batch claims all its ids in one multi-row insert, where documents cost a
/// statement and a JSON parse each (docs/benchmarks.md).
/// </summary>
public static class RecordedRevenueEvents
{
    public const string Name = "recorded_revenue_events";

    public static Table Define(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, Name, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("event_id").AsPrimaryKey();
        table.AddColumn<string>("account_id").NotNull();
        table.AddColumn<string>("fingerprint").NotNull();
        table.AddColumn("recorded_at", "timestamp with time zone").NotNull();
        return table;
    }

    /// <summary>The records of those of <paramref name="eventIds"/> already accepted, in the session's transaction.</summary>
    public static async Task<Dictionary<string, RecordedRevenueEvent>> LoadAsync(IDocumentSession session, IEnumerable<string> eventIds, CancellationToken ct)
    {
        var command = new NpgsqlCommand($"select event_id, account_id, fingerprint, recorded_at from {TableOf(session)} where event_id = any(@ids)");
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = eventIds.Distinct(StringComparer.Ordinal).ToArray() });
        var found = new Dictionary<string, RecordedRevenueEvent>(StringComparer.Ordinal);
        await using var reader = await session.ExecuteReaderAsync(command, ct);
        while (await reader.ReadAsync(ct))
        {
            var record = new RecordedRevenueEvent(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3));
            found[record.EventId] = record;
        }

        return found;
    }

    /// <summary>
    /// Queues the insert of <paramref name="records"/> with the session's other changes. An id that
    /// another transaction claimed meanwhile fails the whole commit (<see cref="IsClaimedMeanwhile"/>).
    /// </summary>
    public static void Queue(IDocumentSession session, IReadOnlyCollection<RecordedRevenueEvent> records)
    {
        if (records.Count == 0)
        {
            return;
        }

        session.QueueSqlCommand(
            $"insert into {TableOf(session)} (event_id, account_id, fingerprint, recorded_at) select * from unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[])",
            records.Select(r => r.EventId).ToArray(),
            records.Select(r => r.AccountId).ToArray(),
            records.Select(r => r.Fingerprint).ToArray(),
            records.Select(r => r.RecordedAt.ToUniversalTime()).ToArray());
    }

    /// <summary>Whether a commit failed because a concurrent transaction recorded one of its event ids first.</summary>
    public static bool IsClaimedMeanwhile(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, TableName: Name })
            {
                return true;
            }
        }

        return false;
    }

    private static string TableOf(IDocumentSession session) => $"{session.DocumentStore.Options.DatabaseSchemaName}.{Name}";
}
