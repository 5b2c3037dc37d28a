using CustomerHealth.Testing;
using CustomerHealth.Usage.Storage;
using Npgsql;

namespace CustomerHealth.Usage.Tests.Storage;

/// <summary>A database written before idempotency keys existed gets the keys of the events it already holds.</summary>
public class UsageSchemaUpgradeTests
{
    [Fact]
    public async Task Keys_are_filled_from_stored_events_once_and_the_upgrade_can_run_again()
    {
        var database = await (await PostgresServer.Shared).CreateDatabaseAsync("usage_upgrade");
        await using var dataSource = NpgsqlDataSource.Create(database);
        // The schema as the first version created it: events keyed by (account, day, event id).
        await using (var old = dataSource.CreateCommand("""
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
            """))
        {
            await old.ExecuteNonQueryAsync();
        }

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
}
