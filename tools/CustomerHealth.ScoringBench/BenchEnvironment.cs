using System.Globalization;
using CustomerHealth.Testing;
using Npgsql;

namespace CustomerHealth.ScoringBench;

/// <summary>
/// Everything the run needs, started here and stopped at the end: a dedicated PostgreSQL (fsync on:
/// "acknowledged" must mean durable, as in production), a dedicated RabbitMQ, and the scoring service
/// as a separate process built in the same configuration as this tool.
/// </summary>
public sealed class BenchEnvironment : IAsyncDisposable
{
    private const string Schema = "scoring";
    private readonly BenchOptions _options;
    private PostgresServer? _postgres;
    private RabbitMqServer? _rabbit;
    private int _serviceErrors;
    private int _rabbitPid;

    private BenchEnvironment(BenchOptions options) => _options = options;

    public ServiceTopology Topology { get; } = ServiceTopology.WithFreePorts();

    public ServiceEndpoint ScoringEndpoint => Topology.Service(ServiceTopology.Scoring);

    public ServiceProcess? Scoring { get; private set; }

    public string Database { get; private set; } = "";

    public string Broker { get; private set; } = "";

    public Uri BrokerManagement => _rabbit!.ManagementUri;

    public int PostmasterPid { get; private set; }

    public static async Task<BenchEnvironment> StartAsync(BenchOptions options)
    {
        var environment = new BenchEnvironment(options);
        try
        {
            await environment.StartPostgresAsync();
            environment._rabbit = await RabbitMqServer.StartAsync();
            environment.Broker = await environment._rabbit.CreateVirtualHostAsync("scoring_bench");
            environment._rabbitPid = ProcessCpu.RabbitMqNode(environment._rabbit.Port);
            await environment.StartScoringAsync();
            return environment;
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }
    }

    private async Task StartPostgresAsync()
    {
        // A buffer cache that holds 100k accounts' documents and indexes (the default 128 MB does not),
        // commit timestamps to time "visible" exactly, and per-statement timing for the profile.
        _postgres = await BenchPostgres.StartAsync("2GB", "8GB", "30min", "track_commit_timestamp = on", "work_mem = '16MB'");
        Database = await _postgres.CreateDatabaseAsync("scoring_bench");
        PostmasterPid = await BenchPostgres.PrepareDatabaseAsync(Database);
    }

    public async Task StartScoringAsync()
    {
        var environment = ServiceTopology.ServiceEnvironment(ScoringEndpoint, Database, Broker);
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["Logging__LogLevel__Default"] = "Warning";

        // No source service runs here: the explain drill-down is not measured.
        foreach (var source in new[] { "Usage", "Billing", "Feedback" })
        {
            environment[$"Services__{source}__Grpc"] = $"http://127.0.0.1:{FreeTcpPort.Next()}";
        }

        Scoring = await ServiceProcess.StartAsync(
            ServiceTopology.Scoring,
            ServiceProcess.FindServiceDll(ScoringEndpoint.ProjectName, _options.Configuration),
            environment,
            ScoringEndpoint.ReadinessUrl,
            TimeSpan.FromSeconds(120),
            ShowErrors);
    }

    public int ServiceErrors => _serviceErrors;

    /// <summary>The service's first few errors are shown (they explain failed calls); the rest are only counted.</summary>
    private void ShowErrors(string line)
    {
        if (!line.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal) && !line.Contains("\"LogLevel\":\"Critical\"", StringComparison.Ordinal))
        {
            return;
        }

        if (Interlocked.Increment(ref _serviceErrors) <= 3)
        {
            Console.WriteLine(line.Length > 600 ? line[..600] + "..." : line);
        }
    }

    public async Task StopScoringAsync()
    {
        if (Scoring is not null)
        {
            await Scoring.StopAsync();
            Scoring = null;
        }
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, CultureInfo.InvariantCulture);
    }

    public async Task<List<string>> LinesAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }

        return lines;
    }

    public Task ResetStatementsAsync() => ScalarAsync("select count(*) from (select pg_stat_statements_reset()) r");

    /// <summary>Where PostgreSQL spent its time since the last reset: the statements with the most execution time.</summary>
    public Task<List<string>> TopStatementsAsync(int count) => LinesAsync(
        "select lpad(round(total_exec_time::numeric / 1000, 1)::text, 7) || ' s', lpad(calls::text, 8) || ' calls', "
        + "lpad(round(mean_exec_time::numeric, 2)::text, 8) || ' ms mean', lpad(round(max_exec_time::numeric, 1)::text, 8) || ' ms max', "
        + "left(regexp_replace(query, '\\s+', ' ', 'g'), 140) from pg_stat_statements "
        + "where dbid = (select oid from pg_database where datname = current_database()) "
        + $"order by total_exec_time desc limit {count}");

    /// <summary>
    /// Waits until the service's side work is done (the HotCold daemon has projected every event, the
    /// outbox dispatcher has published every row), so it does not compete with the next measurement.
    /// </summary>
    public async Task<TimeSpan> WaitForQuietAsync(TimeSpan timeout)
    {
        var started = DateTime.UtcNow;
        var lastReport = DateTime.UtcNow;
        while (DateTime.UtcNow - started < timeout)
        {
            // Projection shards are named "Projection:Shard"; the high-water rows are the daemon's own bookkeeping.
            var behind = await ScalarAsync(
                $"select coalesce((select max(seq_id) from {Schema}.mt_events), 0) - coalesce((select min(last_seq_id) from {Schema}.mt_event_progression where name like '%:%'), 0)");
            var outbox = await ScalarAsync($"select count(*) from {Schema}.outbox_messages where dispatched_at is null");
            if (behind <= 0 && outbox == 0)
            {
                return DateTime.UtcNow - started;
            }

            if (DateTime.UtcNow - lastReport > TimeSpan.FromSeconds(20))
            {
                Console.WriteLine($"  waiting for the service's background work: daemon {behind:N0} events behind, {outbox:N0} outbox rows to publish");
                lastReport = DateTime.UtcNow;
            }

            await Task.Delay(1000);
        }

        Console.WriteLine($"  (still not quiet after {timeout.TotalSeconds:0} s; measuring anyway)");
        return DateTime.UtcNow - started;
    }

    public double PostgresCpuSeconds() => ProcessCpu.Seconds(PostmasterPid, withChildren: true);

    public double RabbitMqCpuSeconds() => _rabbitPid > 0 ? ProcessCpu.Seconds(_rabbitPid) : 0;

    public double ScoringCpuSeconds() => Scoring is null ? 0 : ProcessCpu.Seconds(Scoring.ProcessId);

    public async ValueTask DisposeAsync()
    {
        await StopScoringAsync();
        if (_rabbit is not null)
        {
            await _rabbit.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
