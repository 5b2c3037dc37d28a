using System.Collections.Concurrent;
using System.Globalization;
using Npgsql;

namespace CustomerHealth.Usage.Storage;

/// <summary>
/// Day partitions of usage.events and month partitions of the daily aggregates: created when a day
/// first receives events, dropped once past retention. Known partitions are cached so the write path
/// only pays for DDL on a new day.
/// </summary>
public sealed class UsagePartitions(NpgsqlDataSource dataSource)
{
    /// <summary>Advisory lock key shared by all usage DDL, so instances never race on catalog changes.</summary>
    public const long DdlLockKey = 0x75736167_65646466; // "usageddf"

    private const string EventsPrefix = "events_d";
    private const string UsersPrefix = "daily_users_m";
    private const string FeaturesPrefix = "daily_features_m";

    private readonly ConcurrentDictionary<DateOnly, bool> _days = new();
    private readonly ConcurrentDictionary<DateOnly, bool> _months = new();
    private readonly SemaphoreSlim _ddl = new(1, 1);

    public bool IsKnown(DateOnly day) => _days.ContainsKey(day) && _months.ContainsKey(MonthOf(day));

    public void Forget()
    {
        _days.Clear();
        _months.Clear();
    }

    public async Task EnsureDaysAsync(IReadOnlyCollection<DateOnly> days, CancellationToken ct)
    {
        var missing = days.Where(d => !IsKnown(d)).Distinct().Order().ToList();
        if (missing.Count == 0)
        {
            return;
        }

        await _ddl.WaitAsync(ct);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var sql = new System.Text.StringBuilder($"select pg_advisory_xact_lock({DdlLockKey});");
            foreach (var day in missing)
            {
                sql.Append(CultureInfo.InvariantCulture,
                    $"create table if not exists usage.{EventsPrefix}{day:yyyyMMdd} partition of usage.events for values from ('{day:yyyy-MM-dd}') to ('{day.AddDays(1):yyyy-MM-dd}');");
            }

            foreach (var month in missing.Select(MonthOf).Distinct())
            {
                var bounds = $"for values from ('{month:yyyy-MM-dd}') to ('{month.AddMonths(1):yyyy-MM-dd}')";
                // Aggregates are updated in place; spare room per page keeps those updates HOT.
                sql.Append(CultureInfo.InvariantCulture, $"create table if not exists usage.{UsersPrefix}{month:yyyyMM} partition of usage.daily_users {bounds};");
                sql.Append(CultureInfo.InvariantCulture, $"create table if not exists usage.{FeaturesPrefix}{month:yyyyMM} partition of usage.daily_features {bounds} with (fillfactor = 80);");
            }

            await using (var command = new NpgsqlCommand(sql.ToString(), connection, transaction))
            {
                await command.ExecuteNonQueryAsync(ct);
            }

            await transaction.CommitAsync(ct);
            foreach (var day in missing)
            {
                _days[day] = true;
                _months[MonthOf(day)] = true;
            }
        }
        finally
        {
            _ddl.Release();
        }
    }

    /// <summary>
    /// Drops every partition wholly before <paramref name="cutoff"/> (with the idempotency keys of the
    /// events it held) and deletes aggregate rows of earlier days from the month partition that
    /// straddles it. Returns the dropped tables.
    /// </summary>
    public async Task<IReadOnlyList<string>> DropBeforeAsync(DateOnly cutoff, CancellationToken ct)
    {
        await _ddl.WaitAsync(ct);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using (var lockCommand = new NpgsqlCommand($"select pg_advisory_xact_lock({DdlLockKey})", connection, transaction))
            {
                await lockCommand.ExecuteNonQueryAsync(ct);
            }

            var doomed = (await ListAsync(connection, transaction, ct)).Where(p => p.End <= cutoff).Select(p => p.Table).ToList();
            // Before any partition's lock, as writers take it before theirs: waits for writers in flight
            // and holds new ones back until the drop commits.
            var sql = new System.Text.StringBuilder("lock table usage.account_users in share row exclusive mode;");
            foreach (var table in doomed.Where(t => t.StartsWith(EventsPrefix, StringComparison.Ordinal)))
            {
                // The lock first, so the delete sees every event committed into the partition before the drop.
                sql.Append(CultureInfo.InvariantCulture, $"lock table usage.{table} in access exclusive mode;");
                sql.Append(CultureInfo.InvariantCulture,
                    $"delete from usage.event_keys k using usage.{table} e where k.account_id = e.account_id and k.event_id = e.event_id;");
            }

            foreach (var table in doomed)
            {
                sql.Append(CultureInfo.InvariantCulture, $"drop table if exists usage.{table};");
            }

            sql.Append("delete from usage.daily_users where day < @cutoff; delete from usage.daily_features where day < @cutoff;");
            // A user whose first day dropped out starts at their first retained day, or goes with their
            // last one (the table lock, taken first, makes sure no writer adds a day meanwhile).
            sql.Append("""
                update usage.account_users a set first_day = m.first_day
                from (
                    select o.account_id, o.user_id, min(u.day) as first_day
                    from usage.account_users o join usage.daily_users u on u.account_id = o.account_id and u.user_id = o.user_id
                    where o.first_day < @cutoff group by 1, 2
                ) m
                where a.account_id = m.account_id and a.user_id = m.user_id;
                delete from usage.account_users where first_day < @cutoff;
                """);
            await using (var command = new NpgsqlCommand(sql.ToString(), connection, transaction))
            {
                command.Parameters.AddWithValue("cutoff", cutoff);
                await command.ExecuteNonQueryAsync(ct);
            }

            await transaction.CommitAsync(ct);
            Forget();
            return doomed;
        }
        finally
        {
            _ddl.Release();
        }
    }

    public async Task<IReadOnlyList<string>> ListTablesAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (await ListAsync(connection, null, ct)).Select(p => p.Table).Order(StringComparer.Ordinal).ToList();
    }

    private static async Task<List<(string Table, DateOnly End)>> ListAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            """
            select c.relname from pg_inherits i
            join pg_class c on c.oid = i.inhrelid
            join pg_class p on p.oid = i.inhparent
            join pg_namespace n on n.oid = p.relnamespace
            where n.nspname = 'usage' and p.relname in ('events', 'daily_users', 'daily_features')
            """,
            connection,
            transaction);
        var partitions = new List<(string, DateOnly)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var table = reader.GetString(0);
            if (EndOf(table) is { } end)
            {
                partitions.Add((table, end));
            }
        }

        return partitions;
    }

    /// <summary>The exclusive upper bound of a partition, read from its name (null for foreign tables).</summary>
    private static DateOnly? EndOf(string table)
    {
        if (table.StartsWith(EventsPrefix, StringComparison.Ordinal)
            && DateOnly.TryParseExact(table[EventsPrefix.Length..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day.AddDays(1);
        }

        foreach (var prefix in new[] { UsersPrefix, FeaturesPrefix })
        {
            if (table.StartsWith(prefix, StringComparison.Ordinal)
                && DateOnly.TryParseExact(table[prefix.Length..] + "01", "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
            {
                return month.AddMonths(1);
            }
        }

        return null;
    }

    private static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);
}
