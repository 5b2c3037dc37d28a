using CustomerHealth.Usage.Metrics;
using CustomerHealth.Usage.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace CustomerHealth.Usage.PublishingSignals;

/// <summary>
/// Once per signal window (across all instances: the job row is locked and stamped), folds every
/// committed change row into one pending entry per account. That is the coalescing: however many
/// writes touched an account in the window, it gets one publication. Today's metrics are published
/// every window; changes to past days (a backfill, late events) wait until a window passes without
/// further changes to the account's history, so a backfill in progress is published once, when it
/// settles, rather than in full every window. At the first tick of a UTC day it also schedules
/// yesterday's closing signal for every account whose rolling metrics still move (active within the
/// longest window), so an account that went quiet is seen to decline.
/// </summary>
public sealed class SignalTicker(NpgsqlDataSource dataSource, IOptions<UsageOptions> options, TimeProvider clock)
{
    private readonly UsageWindows _windows = UsageWindows.From(options.Value);
    private readonly TimeSpan _window = options.Value.SignalWindow;
    private readonly TimeSpan _pollInterval = options.Value.SignalPollInterval;

    /// <returns>When the next tick is due.</returns>
    public async Task<DateTimeOffset> TryTickAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var (lastRun, tick, lastRollover) = await ReadJobsAsync(connection, transaction, ct);
        if (lastRun is null)
        {
            // Another instance is ticking right now.
            return now + _pollInterval;
        }

        if (now - lastRun.Value < _window)
        {
            return lastRun.Value + _window;
        }

        tick++;
        var pending = new Dictionary<string, AsOfRange>(StringComparer.Ordinal);
        await using (var take = new NpgsqlCommand("delete from usage.changes returning account_ids, from_days, to_days", connection, transaction))
        await using (var reader = await take.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                Merge(pending, reader.GetFieldValue<string[]>(0), reader.GetFieldValue<DateOnly[]>(1), reader.GetFieldValue<DateOnly[]>(2));
            }
        }

        var today = UtcDay.Of(now);
        var yesterday = today.AddDays(-1);
        var live = new Dictionary<string, AsOfRange>(StringComparer.Ordinal);
        var history = new Dictionary<string, AsOfRange>(StringComparer.Ordinal);
        foreach (var (account, range) in pending)
        {
            if (range.From <= yesterday)
            {
                history[account] = new AsOfRange(range.From, range.To < yesterday ? range.To : yesterday);
            }

            if (range.To >= today)
            {
                live[account] = new AsOfRange(range.From > today ? range.From : today, range.To);
            }
        }

        var closeFrom = (lastRollover ?? yesterday.AddDays(-1)).AddDays(1);
        if (closeFrom <= yesterday)
        {
            await ScheduleDayCloseAsync(connection, transaction, live, closeFrom, yesterday, ct);
        }

        await using (var save = new NpgsqlCommand(
            """
            insert into usage.pending_history as h (account_id, from_day, to_day, last_tick)
            select account_id, from_day, to_day, @tick from unnest(@history_accounts, @history_froms, @history_tos) as c(account_id, from_day, to_day)
            on conflict (account_id) do update set
                from_day = least(h.from_day, excluded.from_day), to_day = greatest(h.to_day, excluded.to_day), last_tick = excluded.last_tick;
            with settled as (
                delete from usage.pending_history where last_tick < @tick returning account_id, from_day, to_day
            ), due as (
                select account_id, from_day, to_day from unnest(@live_accounts, @live_froms, @live_tos) as c(account_id, from_day, to_day)
                union all
                select account_id, from_day, to_day from settled
            )
            insert into usage.pending_signals as p (account_id, from_day, to_day, tick)
            select account_id, min(from_day), max(to_day), @tick from due group by account_id
            on conflict (account_id) do update set
                from_day = least(p.from_day, excluded.from_day), to_day = greatest(p.to_day, excluded.to_day), tick = excluded.tick;
            update usage.jobs set last_run_at = @now, counter = @tick where name = 'signal-tick';
            update usage.jobs set last_day = greatest(last_day, @yesterday) where name = 'rollover';
            """,
            connection,
            transaction))
        {
            save.Parameters.AddWithValue("tick", tick);
            save.Parameters.AddWithValue("now", now);
            save.Parameters.AddWithValue("yesterday", yesterday);
            AddRanges(save, "history", history);
            AddRanges(save, "live", live);
            await save.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return now + _window;
    }

    private static async Task<(DateTimeOffset? LastRun, long Tick, DateOnly? LastRollover)> ReadJobsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "select name, last_run_at, counter, last_day from usage.jobs where name in ('signal-tick', 'rollover') order by name for update skip locked",
            connection,
            transaction);
        DateTimeOffset? lastRun = null;
        long tick = 0;
        DateOnly? lastRollover = null;
        var locked = 0;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            locked++;
            if (reader.GetString(0) == UsageSchema.SignalTickJob)
            {
                lastRun = reader.GetFieldValue<DateTimeOffset>(1);
                tick = reader.GetInt64(2);
            }
            else
            {
                lastRollover = reader.IsDBNull(3) ? null : reader.GetFieldValue<DateOnly>(3);
            }
        }

        return locked == 2 ? (lastRun, tick, lastRollover) : (null, 0, null);
    }

    private async Task ScheduleDayCloseAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Dictionary<string, AsOfRange> pending, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "select distinct account_id from usage.daily_features where day between @from and @to",
            connection,
            transaction);
        command.Parameters.AddWithValue("from", from.AddDays(-_windows.InfluenceDays));
        command.Parameters.AddWithValue("to", to);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var account = reader.GetString(0);
            var range = new AsOfRange(from, to);
            pending[account] = pending.TryGetValue(account, out var existing) ? existing.Union(range) : range;
        }
    }

    private static void AddRanges(NpgsqlCommand command, string prefix, Dictionary<string, AsOfRange> ranges)
    {
        command.Parameters.Add(new NpgsqlParameter($"{prefix}_accounts", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = ranges.Keys.ToArray() });
        command.Parameters.Add(new NpgsqlParameter($"{prefix}_froms", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = ranges.Values.Select(r => r.From).ToArray() });
        command.Parameters.Add(new NpgsqlParameter($"{prefix}_tos", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = ranges.Values.Select(r => r.To).ToArray() });
    }

    private static void Merge(Dictionary<string, AsOfRange> pending, string[] accounts, DateOnly[] froms, DateOnly[] tos)
    {
        for (var i = 0; i < accounts.Length; i++)
        {
            var range = new AsOfRange(froms[i], tos[i]);
            pending[accounts[i]] = pending.TryGetValue(accounts[i], out var existing) ? existing.Union(range) : range;
        }
    }
}
