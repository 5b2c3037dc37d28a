using Npgsql;

namespace CustomerHealth.Usage.Storage;

/// <summary>
/// The usage schema's own tables (Marten only holds the outbox here). Raw events and daily aggregates
/// are partitioned by day of occurrence so retention is a DROP, not a DELETE; partitions are created
/// on demand by <see cref="UsagePartitions"/>. The DDL is idempotent and serialised across instances.
/// </summary>
public static class UsageSchema
{
    public const string Name = "usage";

    /// <summary>Rows of usage.jobs: the signal scheduler's run counter and the last closed day.</summary>
    public const string SignalTickJob = "signal-tick";
    public const string RolloverJob = "rollover";

    private const string Ddl = """
        create schema if not exists usage;

        -- One row per accepted event. Unique by (account_id, event_id) through usage.event_keys, not by a
        -- key of its own: a partition key would have to include the day, and a resent event may carry
        -- another occurred_at (another day).
        create table if not exists usage.events (
            account_id text collate "C" not null,
            day date not null,
            event_id text collate "C" not null,
            user_id text collate "C" not null,
            feature text collate "C" not null,
            occurred_at timestamptz not null,
            quantity bigint not null,
            properties jsonb,
            received_at timestamptz not null default now()
        ) partition by range (day);

        -- The idempotency key, written in the same statement as the event it admits and deleted when that
        -- event's day partition is dropped. Created with the keys of events stored before it existed.
        do $$
        begin
            if to_regclass('usage.event_keys') is null then
                create table usage.event_keys (
                    account_id text collate "C" not null,
                    event_id text collate "C" not null,
                    constraint event_keys_pkey primary key (account_id, event_id)
                );
                insert into usage.event_keys (account_id, event_id)
                select distinct account_id, event_id from usage.events
                on conflict do nothing;
            end if;
        end $$;

        -- Distinct users per account and day: DAU directly, WAU/MAU as unions of days.
        create table if not exists usage.daily_users (
            account_id text collate "C" not null,
            day date not null,
            user_id text collate "C" not null,
            constraint daily_users_pkey primary key (account_id, day, user_id)
        ) partition by range (day);

        -- Events per account, day and feature; first/last give time to first value and last activity.
        create table if not exists usage.daily_features (
            account_id text collate "C" not null,
            day date not null,
            feature text collate "C" not null,
            events bigint not null,
            quantity bigint not null,
            first_at timestamptz not null,
            last_at timestamptz not null,
            constraint daily_features_pkey primary key (account_id, day, feature)
        ) partition by range (day);

        -- Each account's users with the first retained day they were active, so "active users" up to a
        -- day reads one row per user instead of every user-day of the retention period (a year of a
        -- 50-user account is ~20,000 rows). Written with the daily rows that introduce a (user, day);
        -- filled from them once when created.
        do $$
        begin
            if to_regclass('usage.account_users') is null then
                create table usage.account_users (
                    account_id text collate "C" not null,
                    user_id text collate "C" not null,
                    first_day date not null,
                    constraint account_users_pkey primary key (account_id, user_id)
                );
                insert into usage.account_users (account_id, user_id, first_day)
                select account_id, user_id, min(day) from usage.daily_users group by 1, 2;
            end if;
        end $$;

        -- One row per write transaction: which accounts changed, and the as-of days that may differ now.
        create table if not exists usage.changes (
            id bigserial primary key,
            account_ids text[] not null,
            from_days date[] not null,
            to_days date[] not null,
            created_at timestamptz not null default now()
        );

        -- Accounts with a signal to publish, coalesced from changes: one row per account, due a signal
        -- window after the account's last signal (at once if it had none within the window).
        create table if not exists usage.pending_signals (
            account_id text collate "C" primary key,
            from_day date not null,
            to_day date not null,
            tick bigint not null,
            due_at timestamptz not null default now()
        );

        -- Changes to past days wait here until the account has had a window without any (a backfill
        -- in progress is published once, when it settles, not once per window), or until they have
        -- waited ten windows (late events that never stop still reach scoring).
        create table if not exists usage.pending_history (
            account_id text collate "C" primary key,
            from_day date not null,
            to_day date not null,
            last_change_at timestamptz not null default now(),
            first_change_at timestamptz not null default now()
        );

        -- When each account's last signal was written: the pacing that keeps live traffic to at most
        -- one signal per account per window. Rows older than a window say nothing and are pruned.
        create table if not exists usage.signal_pacing (
            account_id text collate "C" primary key,
            last_signal_at timestamptz not null
        );

        -- Databases from before per-account pacing: pending rows become due at once, and history
        -- that was waiting for the next tick waits a window from now.
        alter table usage.pending_signals add column if not exists due_at timestamptz not null default now();
        alter table usage.pending_history add column if not exists last_change_at timestamptz not null default now();
        alter table usage.pending_history add column if not exists first_change_at timestamptz not null default now();
        alter table usage.pending_history drop column if exists last_tick;
        create index if not exists pending_signals_due on usage.pending_signals (due_at);
        create index if not exists pending_history_settling on usage.pending_history (last_change_at);
        create index if not exists pending_history_overdue on usage.pending_history (first_change_at);

        -- Identifiers compare byte-wise ("C"): nothing sorts them for people, and under a linguistic
        -- default collation (en_US, the official image's) every B-tree comparison goes through the
        -- collation library, which made the ingest statement ~40 % slower. Databases created before
        -- are converted once (a rewrite of each table).
        do $$
        declare c record;
        begin
            for c in
                select a.attrelid::regclass as tab, a.attname as col
                from pg_attribute a
                where a.attrelid in ('usage.events'::regclass, 'usage.event_keys'::regclass, 'usage.daily_users'::regclass,
                                     'usage.daily_features'::regclass, 'usage.pending_signals'::regclass, 'usage.pending_history'::regclass)
                  and a.attname in ('account_id', 'event_id', 'user_id', 'feature')
                  and a.attcollation <> 'pg_catalog."C"'::regcollation
            loop
                execute format('alter table %s alter column %I type text collate "C"', c.tab, c.col);
            end loop;
        end $$;

        -- Bookkeeping of jobs shared by all instances: the signal scheduler's run counter ('signal-tick',
        -- part of each signal's id) and the last closed day ('rollover').
        create table if not exists usage.jobs (
            name text primary key,
            last_run_at timestamptz not null default 'epoch',
            last_day date,
            counter bigint not null default 0
        );

        insert into usage.jobs (name) values ('signal-tick'), ('rollover') on conflict do nothing;
        """;

    public static async Task EnsureAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var command = new NpgsqlCommand($"select pg_advisory_xact_lock({UsagePartitions.DdlLockKey}); {Ddl}", connection, transaction))
        {
            await command.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }
}
