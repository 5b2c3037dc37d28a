using CustomerHealth.ServiceDefaults.Persistence;
using Marten;
using Npgsql;

namespace CustomerHealth.Billing.RecordingRevenue;

/// <summary>
/// Moves the idempotency records that billing kept as Marten documents (before
/// <see cref="RecordedRevenueEvents"/>) into their table, once, before the service takes requests:
/// an event accepted before the upgrade is still a duplicate after it. Runs after Marten has applied
/// the schema (registered after it); instances starting together take turns on an advisory lock.
/// </summary>
public sealed class RecordedRevenueEventsUpgrade(NpgsqlDataSource dataSource, IDocumentStore store) : IHostedService
{
    public const string LegacyTable = "mt_doc_recordedrevenueevent";

    public Task StartAsync(CancellationToken cancellationToken) => RunAsync(dataSource, store.Options.DatabaseSchemaName, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <returns>How many records were moved (0 when there was nothing to move).</returns>
    public static async Task<int> RunAsync(NpgsqlDataSource dataSource, string schema, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var locking = new NpgsqlCommand("select pg_advisory_xact_lock(@key)", connection, transaction))
        {
            locking.Parameters.AddWithValue("key", TransactionLocks.KeyOf("billing-upgrade", LegacyTable));
            await locking.ExecuteNonQueryAsync(ct);
        }

        await using (var exists = new NpgsqlCommand("select to_regclass(@table) is not null", connection, transaction))
        {
            exists.Parameters.AddWithValue("table", $"{schema}.{LegacyTable}");
            if (!(bool)(await exists.ExecuteScalarAsync(ct))!)
            {
                return 0;
            }
        }

        int moved;
        await using (var move = new NpgsqlCommand(
                         $"""
                          insert into {schema}.{RecordedRevenueEvents.Name} (event_id, account_id, fingerprint, recorded_at)
                          select id, data->>'AccountId', data->>'Fingerprint', (data->>'RecordedAt')::timestamptz from {schema}.{LegacyTable}
                          on conflict do nothing;
                          drop table {schema}.{LegacyTable};
                          """,
                         connection,
                         transaction))
        {
            moved = await move.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return moved;
    }
}
