using CustomerHealth.Testing;
using Microsoft.AspNetCore.Builder;
using Npgsql;

namespace CustomerHealth.UsageBench;

/// <summary>
/// Everything the run needs, started here and stopped at the end: PostgreSQL (fsync on: "durable"
/// means it), RabbitMQ, the usage service and a gateway in front of it, and a second gateway in front
/// of a do-nothing streaming sink for the baseline.
/// </summary>
internal sealed class BenchEnvironment : IAsyncDisposable
{
    private readonly List<ServiceProcess> _processes = [];
    private PostgresServer? _postgres;
    private WebApplication? _sink;

    public ServiceTopology Topology { get; } = ServiceTopology.WithFreePorts();

    public ServiceProcess Usage { get; private set; } = null!;

    public ServiceProcess Gateway { get; private set; } = null!;

    public ServiceProcess SinkGateway { get; private set; } = null!;

    public Uri SinkGatewayGrpcUrl { get; private set; } = null!;

    public string Database { get; private set; } = "";

    public int PostmasterPid { get; private set; }

    public static async Task<BenchEnvironment> StartAsync(BenchOptions options)
    {
        var environment = new BenchEnvironment();
        try
        {
            await environment.StartInfrastructureAsync(options);
            await environment.StartServicesAsync(options);
            return environment;
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }
    }

    private async Task StartInfrastructureAsync(BenchOptions options)
    {
        _postgres = await PostgresServer.StartAsync(new PostgresServerOptions { Fsync = true });
        await using (var admin = new NpgsqlConnection(_postgres.ConnectionString))
        {
            await admin.OpenAsync();
            // A production-like buffer cache for a 24 GiB machine (the default 128 MB thrashes the indexes).
            await using var tune = new NpgsqlCommand(
                "alter system set shared_buffers = '1GB'; alter system set max_wal_size = '4GB'; alter system set checkpoint_timeout = '15min';"
                + "alter system set shared_preload_libraries = 'pg_stat_statements'", admin);
            await tune.ExecuteNonQueryAsync();
        }

        await _postgres.StopAsync();
        await _postgres.StartAgainAsync();
        Database = options.DatabaseIcuLocale.Length == 0
            ? await _postgres.CreateDatabaseAsync("usage_bench")
            : await CreateIcuDatabaseAsync(_postgres, options.DatabaseIcuLocale);
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using (var statements = new NpgsqlCommand("create extension if not exists pg_stat_statements", connection))
        {
            await statements.ExecuteNonQueryAsync();
        }

        await using var pid = new NpgsqlCommand("select pg_backend_pid()", connection);
        PostmasterPid = ProcessSampler.ParentOf((int)(await pid.ExecuteScalarAsync())!);
    }

    private static async Task<string> CreateIcuDatabaseAsync(PostgresServer postgres, string locale)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(locale, "^[A-Za-z0-9-]+$"))
        {
            throw new ArgumentException($"Not an ICU locale name: {locale}");
        }

        await using var admin = new NpgsqlConnection(postgres.ConnectionString);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand(
            $"create database usage_bench_icu template template0 locale_provider icu icu_locale '{locale}' locale 'C.UTF-8'", admin);
        await create.ExecuteNonQueryAsync();
        return postgres.ConnectionStringFor("usage_bench_icu");
    }

    private async Task StartServicesAsync(BenchOptions options)
    {
        var broker = await (await RabbitMqServer.Shared).CreateVirtualHostAsync("usage_bench");
        var usage = Topology.Service(ServiceTopology.Usage);
        var usageEnvironment = ServiceTopology.ServiceEnvironment(usage, Database, broker);
        usageEnvironment["ASPNETCORE_ENVIRONMENT"] = "Production";
        usageEnvironment["Logging__LogLevel__Default"] = "Warning";
        // No scoring consumes the signals here: published and dropped as in the earlier figures, not held.
        usageEnvironment["Outbox__HoldUntilRouted"] = "false";
        usageEnvironment["Usage__SignalWindow"] = TimeSpan.FromSeconds(options.SignalWindowSeconds).ToString();
        usageEnvironment["Usage__Writers"] = options.Writers.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Usage = await StartAsync(ServiceTopology.Usage, usage.ProjectName, usageEnvironment, usage.ReadinessUrl, options);

        var gatewayEnvironment = Topology.GatewayEnvironment();
        gatewayEnvironment["ASPNETCORE_ENVIRONMENT"] = "Production";
        gatewayEnvironment["Logging__LogLevel__Default"] = "Warning";
        Gateway = await StartAsync(ServiceTopology.GatewayName, Topology.Gateway.ProjectName, gatewayEnvironment, Topology.Gateway.ReadinessUrl, options, ready: false);

        var sinkPort = FreeTcpPort.Next();
        _sink = await StreamingSink.StartAsync(sinkPort);
        var sinkGateway = Topology.Gateway with { HttpPort = FreeTcpPort.Next(), GrpcPort = FreeTcpPort.Next() };
        var sinkEnvironment = new Dictionary<string, string>(gatewayEnvironment)
        {
            ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{sinkGateway.HttpPort}",
            ["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{sinkGateway.GrpcPort}",
            ["ReverseProxy__Clusters__usage-ingest-grpc__Destinations__primary__Address"] = $"http://127.0.0.1:{sinkPort}/",
        };
        SinkGateway = await StartAsync("sink-gateway", Topology.Gateway.ProjectName, sinkEnvironment, new Uri(sinkGateway.HttpUrl, "healthz/live"), options, ready: false);
        SinkGatewayGrpcUrl = sinkGateway.GrpcUrl;
    }

    /// <param name="ready">Gateways aggregate every service's readiness; only the usage one runs here, so wait for liveness.</param>
    private async Task<ServiceProcess> StartAsync(string name, string project, IDictionary<string, string> environment, Uri readiness, BenchOptions options, bool ready = true)
    {
        var url = ready ? readiness : new Uri(readiness, "/healthz/live");
        var process = await ServiceProcess.StartAsync(name, ServiceProcess.FindServiceDll(project, options.Configuration), environment, url, TimeSpan.FromSeconds(90));
        _processes.Add(process);
        return process;
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Where PostgreSQL spent its time: the statements with the most execution time since the last reset.</summary>
    public async Task<List<string>> TopStatementsAsync(int count, bool reset)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select calls, rows, round(total_exec_time::numeric / 1000, 1), left(regexp_replace(query, '\\s+', ' ', 'g'), 90) "
            + "from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database()) "
            + "order by total_exec_time desc limit @count",
            connection);
        command.Parameters.AddWithValue("count", count);
        var lines = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add($"{reader.GetDecimal(2),8:0.0} s  {reader.GetInt64(0),7} calls {reader.GetInt64(1),10} rows  {reader.GetString(3)}");
            }
        }

        if (reset)
        {
            await using var clear = new NpgsqlCommand("select pg_stat_statements_reset()", connection);
            await clear.ExecuteNonQueryAsync();
        }

        return lines;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            await process.DisposeAsync();
        }

        if (_sink is not null)
        {
            await _sink.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
