using System.Globalization;
using Npgsql;

namespace CustomerHealth.Testing;

/// <summary>
/// A throwaway PostgreSQL set up the way the benchmarks measure: fsync on ("durable" means it), a
/// production-like buffer cache and checkpoint spacing for a 24 GiB machine (the defaults thrash the
/// indexes and checkpoint mid-run), and pg_stat_statements to say where its time went.
/// </summary>
public static class BenchPostgres
{
    /// <param name="settings">Extra <c>alter system</c> settings, e.g. <c>track_commit_timestamp = on</c>.</param>
    public static async Task<PostgresServer> StartAsync(string sharedBuffers = "1GB", string maxWalSize = "4GB", string checkpointTimeout = "15min", params string[] settings)
    {
        var postgres = await PostgresServer.StartAsync(new PostgresServerOptions { Fsync = true });
        try
        {
            await using (var admin = new NpgsqlConnection(postgres.ConnectionString))
            {
                await admin.OpenAsync();
                string[] all =
                [
                    $"shared_buffers = '{sharedBuffers}'", $"max_wal_size = '{maxWalSize}'", $"checkpoint_timeout = '{checkpointTimeout}'",
                    "shared_preload_libraries = 'pg_stat_statements'", .. settings,
                ];
                await using var tune = new NpgsqlCommand(string.Join("; ", all.Select(s => "alter system set " + s)), admin);
                await tune.ExecuteNonQueryAsync();
            }

            await postgres.StopAsync();
            await postgres.StartAgainAsync();
            return postgres;
        }
        catch
        {
            await postgres.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates pg_stat_statements in the database and returns the postmaster's pid (-1 when PostgreSQL runs elsewhere, e.g. a container).</summary>
    public static async Task<int> PrepareDatabaseAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using (var statements = new NpgsqlCommand("create extension if not exists pg_stat_statements", connection))
        {
            await statements.ExecuteNonQueryAsync();
        }

        await using var pid = new NpgsqlCommand("select pg_backend_pid()", connection);
        var backend = (int)(await pid.ExecuteScalarAsync())!;
        return File.Exists($"/proc/{backend}/stat") ? ProcessCpu.ParentOf(backend) : -1;
    }

    public static async Task ResetStatementsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var clear = new NpgsqlCommand("select pg_stat_statements_reset()", connection);
        await clear.ExecuteNonQueryAsync();
    }

    /// <summary>The statements with the most execution time in the database since the last reset (sleeps left out), one line each; resets after reading when asked.</summary>
    public static async Task<List<string>> TopStatementsAsync(string database, int count, bool reset)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select calls, rows, round(total_exec_time::numeric / 1000, 1), left(regexp_replace(query, '\\s+', ' ', 'g'), 90) "
            + "from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database()) "
            // DistributedLock's leader holds its lock in pg_sleep(60): time, not work.
            + "and query not like '%pg_sleep%' "
            + "order by total_exec_time desc limit @count",
            connection);
        command.Parameters.AddWithValue("count", count);
        var lines = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{reader.GetDecimal(2),8:0.0} s  {reader.GetInt64(0),7} calls {reader.GetInt64(1),10} rows  {reader.GetString(3)}"));
            }
        }

        if (reset)
        {
            await ResetStatementsAsync(database);
        }

        return lines;
    }

    /// <summary>
    /// Marten's document tables by size, one line each: rows, the mean stored size of a document
    /// (after compression), its mean JSON length, and the table's TOAST bytes. A document that is read
    /// and rewritten with every event costs in proportion to these.
    /// </summary>
    public static async Task<List<string>> DocumentSizesAsync(string database, int count)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        var tables = new List<(string Schema, string Table, long Toast)>();
        await using (var list = new NpgsqlCommand(
            "select n.nspname, c.relname, coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0)), 0) "
            + "from pg_class c join pg_namespace n on n.oid = c.relnamespace "
            + "where c.relkind = 'r' and c.relname like 'mt_doc_%' order by pg_total_relation_size(c.oid) desc limit @count",
            connection))
        {
            list.Parameters.AddWithValue("count", count);
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
            }
        }

        var lines = new List<string>();
        foreach (var (schema, table, toast) in tables)
        {
            await using var sizes = new NpgsqlCommand(
                $"select count(*), coalesce(avg(pg_column_size(data)), 0)::float8, coalesce(avg(octet_length(data::text)), 0)::float8 from \"{schema}\".\"{table}\"", connection);
            await using var reader = await sizes.ExecuteReaderAsync();
            await reader.ReadAsync();
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{schema}.{table,-32} {reader.GetInt64(0),9:N0} rows  {reader.GetDouble(1),8:N0} B stored  {reader.GetDouble(2),8:N0} B JSON  TOAST {toast / 1048576.0,7:N1} MiB"));
        }

        return lines;
    }
}
