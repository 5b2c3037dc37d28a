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
        _postgres = await BenchPostgres.StartAsync();
        Database = options.DatabaseIcuLocale.Length == 0
            ? await _postgres.CreateDatabaseAsync("usage_bench")
            : await CreateIcuDatabaseAsync(_postgres, options.DatabaseIcuLocale);
        PostmasterPid = await BenchPostgres.PrepareDatabaseAsync(Database);
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
    public Task<List<string>> TopStatementsAsync(int count, bool reset) => BenchPostgres.TopStatementsAsync(Database, count, reset);

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
