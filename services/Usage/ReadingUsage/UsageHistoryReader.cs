using CustomerHealth.Usage.Metrics;
using Npgsql;
using NpgsqlTypes;

namespace CustomerHealth.Usage.ReadingUsage;

/// <summary>Loads what <see cref="EngagementCalculator"/> needs, for one account or many in one round of queries.</summary>
public sealed class UsageHistoryReader(NpgsqlDataSource dataSource)
{
    /// <summary>The as-of days wanted for one account.</summary>
    public readonly record struct Request(string AccountId, DateOnly FirstDay, DateOnly LastDay);

    public async Task<AccountHistory> LoadAsync(Request request, UsageWindows windows, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (await LoadAsync(connection, null, [request], windows, ct))[request.AccountId];
    }

    public static async Task<Dictionary<string, AccountHistory>> LoadAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<Request> requests, UsageWindows windows, CancellationToken ct)
    {
        var histories = requests.ToDictionary(
            r => r.AccountId,
            r => new AccountHistory(r.AccountId, r.FirstDay.AddDays(-windows.InfluenceDays), r.LastDay),
            StringComparer.Ordinal);
        var accounts = histories.Keys.ToArray();
        var froms = accounts.Select(a => histories[a].From).ToArray();
        var tos = accounts.Select(a => histories[a].To).ToArray();

        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Command("""
                    select u.account_id, u.day, u.user_id
                    from unnest(@accounts, @froms, @tos) as r(account_id, from_day, to_day)
                    join usage.daily_users u on u.account_id = r.account_id and u.day between r.from_day and r.to_day
                    """),
                Command("""
                    select f.account_id, f.day, f.feature, f.events, f.quantity, f.first_at, f.last_at
                    from unnest(@accounts, @froms, @tos) as r(account_id, from_day, to_day)
                    join usage.daily_features f on f.account_id = r.account_id and f.day between r.from_day and r.to_day
                    """),
                Command("""
                    select a.account_id, a.first_day
                    from unnest(@accounts, @tos) as r(account_id, to_day)
                    join usage.account_users a on a.account_id = r.account_id and a.first_day <= r.to_day
                    """),
                Command("""
                    select r.account_id, (
                        select max(f.last_at) from usage.daily_features f
                        where f.account_id = r.account_id and f.day = (
                            select max(l.day) from usage.daily_features l where l.account_id = r.account_id and l.day < r.from_day))
                    from unnest(@accounts, @froms) as r(account_id, from_day)
                    """),
            },
        };
        foreach (var command in batch.BatchCommands)
        {
            command.Parameters.Add(new NpgsqlParameter("accounts", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = accounts });
            if (command.CommandText.Contains("@froms", StringComparison.Ordinal))
            {
                command.Parameters.Add(new NpgsqlParameter("froms", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = froms });
            }

            if (command.CommandText.Contains("@tos", StringComparison.Ordinal))
            {
                command.Parameters.Add(new NpgsqlParameter("tos", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = tos });
            }
        }

        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            histories[reader.GetString(0)].AddUser(reader.GetFieldValue<DateOnly>(1), reader.GetString(2));
        }

        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            histories[reader.GetString(0)].AddFeature(new DailyFeatureRow(
                reader.GetFieldValue<DateOnly>(1),
                reader.GetString(2),
                reader.GetInt64(3),
                reader.GetInt64(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.GetFieldValue<DateTimeOffset>(6)));
        }

        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            histories[reader.GetString(0)].UserFirstDays.Add(reader.GetFieldValue<DateOnly>(1));
        }

        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (!reader.IsDBNull(1))
            {
                histories[reader.GetString(0)].LastActiveBefore = reader.GetFieldValue<DateTimeOffset>(1);
            }
        }

        return histories;
    }

    private static NpgsqlBatchCommand Command(string sql) => new(sql);
}
