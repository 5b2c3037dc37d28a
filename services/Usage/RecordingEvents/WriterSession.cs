using Npgsql;
using NpgsqlTypes;

namespace CustomerHealth.Usage.RecordingEvents;

/// <summary>
/// One dedicated connection with its own staging table: a chunk is binary-COPYed into the temp table,
/// then one statement claims each event's (account_id, event_id) key in usage.event_keys (ON CONFLICT
/// DO NOTHING is the idempotency check, whatever day the event claims), inserts the events whose key
/// was new, folds only those into the daily aggregates and each user's first day, and records which
/// accounts changed — all in one transaction.
/// The connection is kept rather than returned to the pool, whose reset would drop the temp table.
/// </summary>
internal sealed class WriterSession : IAsyncDisposable
{
    private const string Staging = """
        create temp table if not exists usage_staging (
            ordinal integer, account_id text collate "C", event_id text collate "C", user_id text collate "C", feature text collate "C",
            occurred_at timestamptz, quantity bigint, properties jsonb
        ) on commit delete rows
        """;

    private const string Copy =
        "copy pg_temp.usage_staging (ordinal, account_id, event_id, user_id, feature, occurred_at, quantity, properties) from stdin (format binary)";

    // One staging row per (account_id, event_id) — the first sent wins — claims its key; only events whose
    // key was new are stored, folded into the daily aggregates and recorded as changes. Inputs are sorted
    // so concurrent writers lock rows in the same order (no deadlocks) and index inserts touch
    // neighbouring pages.
    private const string Merge = """
        with staged as materialized (
            select distinct on (account_id, event_id)
                account_id, event_id, user_id, feature, occurred_at, quantity, properties
            from pg_temp.usage_staging
            order by account_id, event_id, ordinal
        ), claimed as (
            insert into usage.event_keys (account_id, event_id)
            select account_id, event_id from staged order by 1, 2
            on conflict do nothing
            returning account_id, event_id
        ), inserted as (
            insert into usage.events (account_id, day, event_id, user_id, feature, occurred_at, quantity, properties)
            select s.account_id, (s.occurred_at at time zone 'UTC')::date, s.event_id, s.user_id, s.feature, s.occurred_at, s.quantity, s.properties
            from staged s join claimed c on c.account_id = s.account_id and c.event_id = s.event_id
            order by 1, 2, 3
            returning account_id, day, user_id, feature, occurred_at, quantity
        ), users as (
            insert into usage.daily_users (account_id, day, user_id)
            select distinct account_id, day, user_id from inserted order by 1, 2, 3
            on conflict do nothing
            returning account_id, day, user_id
        ), first_seen as (
            -- Only a (user, day) new to the daily rows can be a user's first day. The lookup passes over
            -- users already known from that day or earlier without locking their row.
            insert into usage.account_users as a (account_id, user_id, first_day)
            select n.account_id, n.user_id, min(n.day) from users n
            group by 1, 2
            having not exists (
                select 1 from usage.account_users k where k.account_id = n.account_id and k.user_id = n.user_id and k.first_day <= min(n.day))
            order by 1, 2
            on conflict (account_id, user_id) do update set first_day = excluded.first_day
            where excluded.first_day < a.first_day
        ), features as (
            insert into usage.daily_features as f (account_id, day, feature, events, quantity, first_at, last_at)
            select account_id, day, feature, count(*), sum(quantity), min(occurred_at), max(occurred_at)
            from inserted group by 1, 2, 3 order by 1, 2, 3
            on conflict (account_id, day, feature) do update set
                events = f.events + excluded.events,
                quantity = f.quantity + excluded.quantity,
                first_at = least(f.first_at, excluded.first_at),
                last_at = greatest(f.last_at, excluded.last_at)
        ), changed as (
            insert into usage.changes (account_ids, from_days, to_days)
            select array_agg(account_id), array_agg(from_day), array_agg(to_day)
            from (select account_id, min(day) as from_day, max(day) + @influence as to_day from inserted group by account_id) c
            having count(*) > 0
        )
        select count(*) from inserted
        """;

    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlCommand _merge;

    private WriterSession(NpgsqlConnection connection, NpgsqlCommand merge)
    {
        _connection = connection;
        _merge = merge;
    }

    /// <param name="influenceDays">How many days after an event's day its rolling metrics reach (window span - 1).</param>
    public static async Task<WriterSession> OpenAsync(NpgsqlDataSource dataSource, int influenceDays, CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            await using (var staging = new NpgsqlCommand(Staging, connection))
            {
                await staging.ExecuteNonQueryAsync(ct);
            }

            var merge = new NpgsqlCommand(Merge, connection);
            merge.Parameters.Add(new NpgsqlParameter("influence", NpgsqlDbType.Integer) { Value = influenceDays });
            await merge.PrepareAsync(ct);
            return new WriterSession(connection, merge);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <returns>How many of the events were new.</returns>
    public async Task<int> WriteAsync(IReadOnlyList<ValidUsageEvent> events, CancellationToken ct)
    {
        await using var transaction = await _connection.BeginTransactionAsync(ct);
        await using (var importer = await _connection.BeginBinaryImportAsync(Copy, ct))
        {
            // Asynchronous even though most writes only fill Npgsql's buffer: a blocking write would hold a
            // thread-pool thread whenever PostgreSQL lags, and on two cores that stalls every other request.
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                await importer.StartRowAsync(ct);
                await importer.WriteAsync(i, NpgsqlDbType.Integer, ct);
                await importer.WriteAsync(e.AccountId, NpgsqlDbType.Text, ct);
                await importer.WriteAsync(e.EventId, NpgsqlDbType.Text, ct);
                await importer.WriteAsync(e.UserId, NpgsqlDbType.Text, ct);
                await importer.WriteAsync(e.Feature, NpgsqlDbType.Text, ct);
                await importer.WriteAsync(e.OccurredAtUtc, NpgsqlDbType.TimestampTz, ct);
                await importer.WriteAsync(e.Quantity, NpgsqlDbType.Bigint, ct);
                if (e.PropertiesJson is null)
                {
                    await importer.WriteNullAsync(ct);
                }
                else
                {
                    await importer.WriteAsync(e.PropertiesJson, NpgsqlDbType.Jsonb, ct);
                }
            }

            await importer.CompleteAsync(ct);
        }

        _merge.Transaction = transaction;
        var inserted = Convert.ToInt32(await _merge.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        await transaction.CommitAsync(ct);
        return inserted;
    }

    public async ValueTask DisposeAsync()
    {
        await _merge.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
