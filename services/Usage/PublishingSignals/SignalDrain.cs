using CustomerHealth.Contracts.Usage;
using CustomerHealth.ServiceDefaults.Outbox;
using CustomerHealth.Usage.Metrics;
using CustomerHealth.Usage.ReadingUsage;
using CustomerHealth.Usage.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CustomerHealth.Usage.PublishingSignals;

/// <summary>
/// Turns pending accounts into AccountUsageChangedV1 outbox rows: one per as-of day in the account's
/// range (days before today carry their end-of-day metrics), written in the same transaction that
/// removes the pending entry, so a crash repeats the work rather than losing it. Instances share the
/// work with SKIP LOCKED.
/// </summary>
public sealed class SignalDrain(NpgsqlDataSource dataSource, OutboxSignal outbox, IOptions<UsageOptions> options, TimeProvider clock)
{
    private readonly UsageWindows _windows = UsageWindows.From(options.Value);
    private readonly int _accountsPerTransaction = options.Value.SignalAccountsPerTransaction;

    /// <returns>How many signals were written.</returns>
    public async Task<int> DrainOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = UtcDay.Of(now);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var due = new List<(string Account, AsOfRange Range, long Tick)>();
        await using (var take = new NpgsqlCommand(
            // Days after today (clock skew) wait for their day; the day close covers them then.
            "select account_id, from_day, to_day, tick from usage.pending_signals where from_day <= @today order by account_id limit @limit for update skip locked",
            connection,
            transaction))
        {
            take.Parameters.AddWithValue("today", today);
            take.Parameters.AddWithValue("limit", _accountsPerTransaction);
            await using var reader = await take.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var to = reader.GetFieldValue<DateOnly>(2);
                due.Add((reader.GetString(0), new AsOfRange(reader.GetFieldValue<DateOnly>(1), to < today ? to : today), reader.GetInt64(3)));
            }
        }

        if (due.Count == 0)
        {
            return 0;
        }

        var histories = await UsageHistoryReader.LoadAsync(
            connection, transaction, due.Select(d => new UsageHistoryReader.Request(d.Account, d.Range.From, d.Range.To)).ToList(), _windows, ct);
        var signals = new List<(Guid, AccountUsageChangedV1)>();
        foreach (var (account, range, tick) in due)
        {
            foreach (var snapshot in EngagementCalculator.Compute(histories[account], _windows, range.From, range.To))
            {
                signals.Add(UsageSignals.For(account, snapshot, tick, now));
            }
        }

        await OutboxRows.InsertAsync(connection, transaction, UsageSchema.Name, signals, ct);
        await using (var done = new NpgsqlCommand("delete from usage.pending_signals where account_id = any(@accounts)", connection, transaction))
        {
            done.Parameters.AddWithValue("accounts", due.Select(d => d.Account).ToArray());
            await done.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        outbox.Notify();
        return signals.Count;
    }
}
