using CustomerHealth.Usage.Metrics;
using CustomerHealth.Usage.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace CustomerHealth.Usage.PublishingSignals;

/// <summary>
/// Folds committed change rows into one pending signal per account, paced per account: a change to an
/// account that has had no signal within the window is due at once, otherwise a window after its last
/// signal, and every change in between joins that one pending signal. That is the coalescing, and
/// because each account keeps its own rhythm the publications spread over the window instead of
/// leaving in one burst. Changes to past days (a backfill, late events) wait until the account's
/// history has been quiet for at least a window, so a backfill in progress is published once, when it
/// settles. At the first run of a UTC day it also schedules yesterday's closing signal for every
/// account whose rolling metrics still move (active within the longest window), so an account that
/// went quiet is seen to decline. One instance at a time runs it (a transaction-scoped advisory lock);
/// a run with nothing new writes nothing. The drain publishes waiting history once it has settled.
/// </summary>
/// <remarks>
/// Under steady traffic nearly every account has waiting history on every run, so what a run writes
/// is kept small: an account's waiting history is re-stamped at most once per stamp period (see
/// <see cref="HistorySettling"/>), and the instance remembers what it wrote so that changes already
/// covered are not sent again. That memory is only trusted while the run counter shows no other
/// instance has scheduled since.
/// </remarks>
public sealed class SignalScheduler(NpgsqlDataSource dataSource, IOptions<UsageOptions> options, TimeProvider clock)
{
    private const long LockKey = 0x75736167_65736967; // "usagesig"
    private readonly UsageWindows _windows = UsageWindows.From(options.Value);
    private readonly TimeSpan _window = options.Value.SignalWindow;
    private readonly TimeSpan _stampPeriod = HistorySettling.StampPeriod(options.Value.SignalWindow);
    private readonly TimeSpan _longestWait = HistorySettling.LongestWait(options.Value.SignalWindow);
    private readonly Dictionary<string, WaitingHistory> _waiting = new(StringComparer.Ordinal);
    private long _waitingAsOfTick = -1;

    /// <returns>Whether it ran (false: another instance is running it right now).</returns>
    public async Task<bool> TryScheduleAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var jobs = await TryReadJobsAsync(connection, transaction, ct);
        if (jobs is not var (tick, lastRollover))
        {
            return false;
        }

        if (tick != _waitingAsOfTick)
        {
            _waiting.Clear();
        }

        var changed = new Dictionary<string, AsOfRange>(StringComparer.Ordinal);
        await using (var take = new NpgsqlCommand("delete from usage.changes returning account_ids, from_days, to_days", connection, transaction))
        await using (var reader = await take.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                Merge(changed, reader.GetFieldValue<string[]>(0), reader.GetFieldValue<DateOnly[]>(1), reader.GetFieldValue<DateOnly[]>(2));
            }
        }

        var today = UtcDay.Of(now);
        var yesterday = today.AddDays(-1);
        var live = new Dictionary<string, AsOfRange>(StringComparer.Ordinal);
        var history = new Dictionary<string, AsOfRange>(StringComparer.Ordinal);
        foreach (var (account, range) in changed)
        {
            if (range.From <= yesterday)
            {
                var past = new AsOfRange(range.From, range.To < yesterday ? range.To : yesterday);
                if (!(_waiting.TryGetValue(account, out var held) && CertainlyWaiting(held, now) && held.Range.Covers(past)))
                {
                    history[account] = past;
                }
            }

            if (range.To >= today)
            {
                live[account] = new AsOfRange(range.From > today ? range.From : today, range.To);
            }
        }

        var closeFrom = (lastRollover ?? yesterday.AddDays(-1)).AddDays(1);
        var closesDay = closeFrom <= yesterday;
        if (closesDay)
        {
            await ScheduleDayCloseAsync(connection, transaction, live, closeFrom, yesterday, ct);
        }

        if (live.Count == 0 && history.Count == 0 && !closesDay)
        {
            return true;
        }

        tick++;
        var written = new List<(string Account, WaitingHistory Entry)>(history.Count);
        await using (var save = new NpgsqlCommand(
            $"""
            insert into usage.pending_history as h (account_id, from_day, to_day, last_change_at, first_change_at)
            select account_id, from_day, to_day, @now, @now from unnest(@history_accounts, @history_froms, @history_tos) as c(account_id, from_day, to_day)
            on conflict (account_id) do update set
                from_day = least(h.from_day, excluded.from_day), to_day = greatest(h.to_day, excluded.to_day), last_change_at = excluded.last_change_at
            returning account_id, from_day, to_day, first_change_at;
            insert into usage.pending_signals as p (account_id, from_day, to_day, tick, due_at)
            select c.account_id, c.from_day, c.to_day, @tick, greatest(@now, s.last_signal_at + @window)
            from unnest(@live_accounts, @live_froms, @live_tos) as c(account_id, from_day, to_day)
            left join usage.signal_pacing s on s.account_id = c.account_id
            -- An account whose pending signal already covers the days needs no write.
            where not exists (select 1 from usage.pending_signals p
                              where p.account_id = c.account_id and p.from_day <= c.from_day and p.to_day >= c.to_day)
            on conflict (account_id) do update set from_day = least(p.from_day, excluded.from_day), to_day = greatest(p.to_day, excluded.to_day);
            update usage.jobs set last_run_at = @now, counter = @tick where name = '{UsageSchema.SignalTickJob}';
            update usage.jobs set last_day = greatest(last_day, @yesterday) where name = '{UsageSchema.RolloverJob}' and @closes_day;
            delete from usage.signal_pacing where @closes_day and last_signal_at < @window_ago;
            """,
            connection,
            transaction))
        {
            save.Parameters.AddWithValue("tick", tick);
            save.Parameters.AddWithValue("now", now);
            save.Parameters.AddWithValue("window_ago", now - _window);
            save.Parameters.AddWithValue("window", _window);
            save.Parameters.AddWithValue("yesterday", yesterday);
            save.Parameters.AddWithValue("closes_day", closesDay);
            AddRanges(save, "history", history);
            AddRanges(save, "live", live);
            await using var reader = await save.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                written.Add((reader.GetString(0), new WaitingHistory(
                    new AsOfRange(reader.GetFieldValue<DateOnly>(1), reader.GetFieldValue<DateOnly>(2)), now, reader.GetFieldValue<DateTimeOffset>(3))));
            }

            while (await reader.NextResultAsync(ct))
            {
            }
        }

        try
        {
            await transaction.CommitAsync(ct);
        }
        catch
        {
            _waitingAsOfTick = -1;
            throw;
        }

        foreach (var (account, entry) in written)
        {
            _waiting[account] = entry;
        }

        if (written.Count > 0)
        {
            _waiting.Where(w => !CertainlyWaiting(w.Value, now)).Select(w => w.Key).ToList().ForEach(k => _waiting.Remove(k));
        }

        _waitingAsOfTick = tick;
        return true;
    }

    /// <summary>
    /// Whether a waiting entry this instance wrote cannot have been published yet, so a change it
    /// covers needs no write. The drain takes an entry once its stamp is a quiet period old or it has
    /// waited the longest wait; both margins here are a stamp period short of those, which also
    /// absorbs clock differences between instances.
    /// </summary>
    private bool CertainlyWaiting(WaitingHistory entry, DateTimeOffset now) =>
        now - entry.StampedAt < _stampPeriod && now - entry.FirstChangeAt < _longestWait - _stampPeriod;

    private static async Task<(long Tick, DateOnly? LastRollover)?> TryReadJobsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"""
            select pg_try_advisory_xact_lock({LockKey}),
                   (select counter from usage.jobs where name = '{UsageSchema.SignalTickJob}'),
                   (select last_day from usage.jobs where name = '{UsageSchema.RolloverJob}')
            """,
            connection,
            transaction);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return reader.GetBoolean(0)
            ? (reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<DateOnly>(2))
            : null;
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
            Include(pending, reader.GetString(0), new AsOfRange(from, to));
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
            Include(pending, accounts[i], new AsOfRange(froms[i], tos[i]));
        }
    }

    private static void Include(Dictionary<string, AsOfRange> pending, string account, AsOfRange range) =>
        pending[account] = pending.TryGetValue(account, out var existing) ? existing.Union(range) : range;

    /// <summary>A pending_history entry as this instance last wrote it.</summary>
    private readonly record struct WaitingHistory(AsOfRange Range, DateTimeOffset StampedAt, DateTimeOffset FirstChangeAt);
}
