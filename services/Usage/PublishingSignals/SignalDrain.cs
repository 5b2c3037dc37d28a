using CustomerHealth.Contracts.Usage;
using CustomerHealth.ServiceDefaults.Outbox;
using CustomerHealth.Usage.Metrics;
using CustomerHealth.Usage.ReadingUsage;
using CustomerHealth.Usage.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CustomerHealth.Usage.PublishingSignals;

/// <summary>
/// Turns pending signals that are due, and waiting history that has settled, into
/// AccountUsageChangedV1 outbox rows: one per as-of day in the entry's range (days before today carry
/// their end-of-day metrics). Written in the same transaction that removes the entry (and, for live
/// signals, stamps the account's pacing), so a crash repeats the work rather than losing it.
/// Instances share the work with SKIP LOCKED.
/// </summary>
public sealed class SignalDrain(NpgsqlDataSource dataSource, OutboxSignal outbox, IOptions<UsageOptions> options, TimeProvider clock)
{
    private readonly UsageWindows _windows = UsageWindows.From(options.Value);
    private readonly int _accountsPerTransaction = options.Value.SignalAccountsPerTransaction;
    private readonly TimeSpan _quietPeriod = HistorySettling.QuietPeriod(options.Value.SignalWindow);
    private readonly TimeSpan _longestWait = HistorySettling.LongestWait(options.Value.SignalWindow);

    /// <returns>How many signals were written.</returns>
    public async Task<int> DrainOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = UtcDay.Of(now);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        // Live signals first, settled history only when none is due: a settled backfill of hundreds
        // of thousands of days must not hold live freshness back, and its transactions are kept small
        // so a live signal that falls due meanwhile waits for little. Scoring orders usage signals by
        // as-of day, so a past day published after today changes nothing current.
        var live = true;
        var due = await TakeLiveAsync(connection, transaction, now, today, ct);
        if (due.Count == 0)
        {
            live = false;
            due = await TakeSettledHistoryAsync(connection, transaction, now, today, ct);
        }

        if (due.Count == 0)
        {
            return 0;
        }

        var histories = await UsageHistoryReader.LoadAsync(
            connection, transaction, due.Select(d => new UsageHistoryReader.Request(d.Account, d.Range.From, d.Range.To)).ToList(), _windows, ct);
        var signals = new List<(Guid, AccountUsageChangedV1)>();
        foreach (var (account, range, publication) in due)
        {
            foreach (var snapshot in EngagementCalculator.Compute(histories[account], _windows, range.From, range.To))
            {
                signals.Add(UsageSignals.For(account, snapshot, publication, now));
            }
        }

        await OutboxRows.InsertAsync(connection, transaction, UsageSchema.Name, signals, ct);
        await using (var done = new NpgsqlCommand(
            live
                ? """
                  delete from usage.pending_signals where account_id = any(@accounts);
                  insert into usage.signal_pacing as s (account_id, last_signal_at) select unnest(@accounts), @now
                  on conflict (account_id) do update set last_signal_at = excluded.last_signal_at;
                  """
                : "delete from usage.pending_history where account_id = any(@accounts)",
            connection,
            transaction))
        {
            done.Parameters.AddWithValue("accounts", due.Select(d => d.Account).ToArray());
            done.Parameters.AddWithValue("now", now);
            await done.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        outbox.Notify();
        return signals.Count;
    }

    /// <summary>Pending signals that are due, oldest due first; the entry's scheduler run tells its publications apart.</summary>
    private async Task<List<(string Account, AsOfRange Range, long Publication)>> TakeLiveAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now, DateOnly today, CancellationToken ct)
    {
        await using var take = new NpgsqlCommand(
            // Days after today (clock skew) wait for their day; the day close covers them then.
            """
            select account_id, from_day, to_day, tick from usage.pending_signals
            where due_at <= @now and from_day <= @today order by due_at limit @limit for update skip locked
            """,
            connection,
            transaction);
        take.Parameters.AddWithValue("now", now);
        take.Parameters.AddWithValue("today", today);
        take.Parameters.AddWithValue("limit", _accountsPerTransaction);
        return await ReadDueAsync(take, today, r => r.GetInt64(3), ct);
    }

    /// <summary>
    /// Waiting history that has been quiet long enough or has waited the longest wait, oldest first, a
    /// tenth as many accounts per transaction (each brings a signal per day); the entry's last stamp
    /// tells its publications apart.
    /// </summary>
    private async Task<List<(string Account, AsOfRange Range, long Publication)>> TakeSettledHistoryAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now, DateOnly today, CancellationToken ct)
    {
        await using var take = new NpgsqlCommand(
            """
            select account_id, from_day, to_day, last_change_at from usage.pending_history
            where last_change_at <= @settled_before or first_change_at <= @overdue_before
            order by first_change_at limit @limit for update skip locked
            """,
            connection,
            transaction);
        take.Parameters.AddWithValue("settled_before", now - _quietPeriod);
        take.Parameters.AddWithValue("overdue_before", now - _longestWait);
        take.Parameters.AddWithValue("limit", Math.Max(1, _accountsPerTransaction / 10));
        return await ReadDueAsync(take, today.AddDays(-1), r => r.GetFieldValue<DateTimeOffset>(3).UtcTicks, ct);
    }

    /// <summary>Reads (account, from day, to day, publication) rows, each range cut at <paramref name="lastDay"/>.</summary>
    private static async Task<List<(string Account, AsOfRange Range, long Publication)>> ReadDueAsync(
        NpgsqlCommand take, DateOnly lastDay, Func<NpgsqlDataReader, long> publication, CancellationToken ct)
    {
        var due = new List<(string, AsOfRange, long)>();
        await using var reader = await take.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var to = reader.GetFieldValue<DateOnly>(2);
            due.Add((reader.GetString(0), new AsOfRange(reader.GetFieldValue<DateOnly>(1), to < lastDay ? to : lastDay), publication(reader)));
        }

        return due;
    }
}
