using CustomerHealth.Testing;
using CustomerHealth.Usage.Storage;
using Npgsql;

namespace CustomerHealth.Usage.Tests.Storage;

/// <summary>Databases written by earlier versions are brought up to the current schema without losing data.</summary>
public class UsageSchemaUpgradeTests
{
    [Fact]
    public async Task Keys_are_filled_from_stored_events_once_and_the_upgrade_can_run_again()
    {
        // The schema as the first version created it: events keyed by (account, day, event id).
        await using var dataSource = await DatabaseWithAsync("usage_upgrade", """
            create schema usage;
            create table usage.events (
                account_id text not null, day date not null, event_id text not null, user_id text not null,
                feature text not null, occurred_at timestamptz not null, quantity bigint not null, properties jsonb,
                received_at timestamptz not null default now(),
                constraint events_pkey primary key (account_id, day, event_id)
            ) partition by range (day);
            create table usage.events_old partition of usage.events for values from ('2026-01-01') to ('2026-02-01');
            insert into usage.events (account_id, day, event_id, user_id, feature, occurred_at, quantity) values
                ('acme', '2026-01-05', 'e-1', 'u', 'login', '2026-01-05T10:00Z', 1),
                ('acme', '2026-01-06', 'e-1', 'u', 'login', '2026-01-06T10:00Z', 1),
                ('globex', '2026-01-05', 'e-1', 'u', 'login', '2026-01-05T10:00Z', 1),
                ('acme', '2026-01-07', 'e-2', 'u', 'export', '2026-01-07T10:00Z', 1);
            """);

        await UsageSchema.EnsureAsync(dataSource, CancellationToken.None);
        await UsageSchema.EnsureAsync(dataSource, CancellationToken.None);

        var keys = new List<string>();
        await using var read = dataSource.CreateCommand("select account_id || '/' || event_id from usage.event_keys order by 1");
        await using var reader = await read.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        Assert.Equal(["acme/e-1", "acme/e-2", "globex/e-1"], keys);
    }

    [Fact]
    public async Task Identifier_columns_created_under_the_default_collation_are_converted_to_byte_order_with_their_rows()
    {
        // The tables as they were before identifiers got the "C" collation, with a row in a partition.
        await using var dataSource = await DatabaseWithAsync("usage_collation", """
            create schema usage;
            create table usage.daily_users (
                account_id text not null, day date not null, user_id text not null,
                constraint daily_users_pkey primary key (account_id, day, user_id)
            ) partition by range (day);
            create table usage.daily_users_202601 partition of usage.daily_users for values from ('2026-01-01') to ('2026-02-01');
            insert into usage.daily_users values ('acme', '2026-01-05', 'Zoe'), ('acme', '2026-01-05', 'adam');
            create table usage.pending_signals (account_id text primary key, from_day date not null, to_day date not null, tick bigint not null);
            insert into usage.pending_signals values ('acme', '2026-01-05', '2026-02-01', 1);
            """);

        await UsageSchema.EnsureAsync(dataSource, CancellationToken.None);
        await UsageSchema.EnsureAsync(dataSource, CancellationToken.None);

        var notByteOrder = new List<string>();
        await using (var columns = dataSource.CreateCommand("""
            select c.relname || '.' || a.attname
            from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'usage' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
              and a.attname in ('account_id', 'event_id', 'user_id', 'feature')
              and a.attcollation <> 'pg_catalog."C"'::regcollation
            """))
        await using (var reader = await columns.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                notByteOrder.Add(reader.GetString(0));
            }
        }

        Assert.Empty(notByteOrder);
        // The rows survived the rewrite and the key still finds them.
        await using var users = dataSource.CreateCommand("select string_agg(user_id, ',' order by user_id) from usage.daily_users where account_id = 'acme' and day = '2026-01-05'");
        Assert.Equal("Zoe,adam", await users.ExecuteScalarAsync());
        await using var pending = dataSource.CreateCommand("select count(*) from usage.pending_signals where account_id = 'acme'");
        Assert.Equal(1L, await pending.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Pending_signals_and_history_from_before_per_account_pacing_are_kept_signals_due_at_once_and_history_waiting_from_now()
    {
        // The tables as they were when one tick per window scheduled every account.
        await using var dataSource = await DatabaseWithAsync("usage_pacing", """
            create schema usage;
            create table usage.pending_signals (account_id text collate "C" primary key, from_day date not null, to_day date not null, tick bigint not null);
            create table usage.pending_history (account_id text collate "C" primary key, from_day date not null, to_day date not null, last_tick bigint not null);
            insert into usage.pending_signals values ('acme', '2026-01-05', '2026-02-01', 7);
            insert into usage.pending_history values ('globex', '2026-01-03', '2026-01-09', 7);
            """);

        await UsageSchema.EnsureAsync(dataSource, CancellationToken.None);
        await UsageSchema.EnsureAsync(dataSource, CancellationToken.None);

        await using var pending = dataSource.CreateCommand(
            "select (select count(*) from usage.pending_signals where account_id = 'acme' and tick = 7 and due_at <= now()) + (select count(*) from usage.pending_history where account_id = 'globex' and to_day = '2026-01-09' and last_change_at <= now())");
        Assert.Equal(2L, await pending.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Each_accounts_users_are_filled_with_their_first_day_from_the_daily_rows_once()
    {
        // Daily user rows as a version without usage.account_users left them.
        await using var dataSource = await DatabaseWithAsync("usage_account_users", """
            create schema usage;
            create table usage.daily_users (
                account_id text collate "C" not null, day date not null, user_id text collate "C" not null,
                constraint daily_users_pkey primary key (account_id, day, user_id)
            ) partition by range (day);
            create table usage.daily_users_m202601 partition of usage.daily_users for values from ('2026-01-01') to ('2026-02-01');
            insert into usage.daily_users values
                ('acme', '2026-01-09', 'ann'), ('acme', '2026-01-05', 'ann'), ('acme', '2026-01-07', 'bob'), ('globex', '2026-01-06', 'ann');
            """);

        await UsageSchema.EnsureAsync(dataSource, CancellationToken.None);
        await UsageSchema.EnsureAsync(dataSource, CancellationToken.None);

        await using var read = dataSource.CreateCommand(
            "select string_agg(account_id || '/' || user_id || '@' || to_char(first_day, 'MM-DD'), ',' order by account_id, user_id) from usage.account_users");
        Assert.Equal("acme/ann@01-05,acme/bob@01-07,globex/ann@01-06", await read.ExecuteScalarAsync());
    }

    /// <summary>A new database holding what an earlier version left behind.</summary>
    private static async Task<NpgsqlDataSource> DatabaseWithAsync(string name, string oldSchema)
    {
        var dataSource = NpgsqlDataSource.Create(await (await PostgresServer.Shared).CreateDatabaseAsync(name));
        await using var old = dataSource.CreateCommand(oldSchema);
        await old.ExecuteNonQueryAsync();
        return dataSource;
    }
}
