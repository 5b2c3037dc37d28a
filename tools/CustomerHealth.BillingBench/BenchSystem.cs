using CustomerHealth.Testing;

namespace CustomerHealth.BillingBench;

/// <summary>
/// Throwaway PostgreSQL (fsync on, tuned like the other benchmarks: <see cref="BenchPostgres"/>) and
/// RabbitMQ plus the services under test as processes; all stopped on dispose.
/// </summary>
public sealed class BenchSystem : IAsyncDisposable
{
    private readonly List<ServiceProcess> _services = [];

    private readonly int _postmaster;
    private readonly int _rabbitNode;

    private BenchSystem(PostgresServer postgres, RabbitMqServer broker, string database, string amqp, int postmaster, IReadOnlyList<(string Service, string Key, string Value)> serviceSettings)
    {
        ServiceSettings = serviceSettings;
        _postmaster = postmaster;
        _rabbitNode = ProcessCpu.RabbitMqNode(broker.Port);
        Postgres = postgres;
        Broker = broker;
        Database = database;
        Amqp = amqp;
    }

    public PostgresServer Postgres { get; }

    public RabbitMqServer Broker { get; }

    public string Database { get; }

    public string Amqp { get; }

    public ServiceTopology Topology { get; } = ServiceTopology.WithFreePorts();

    /// <param name="serviceSettings">Extra environment per service (<c>--service-setting</c>).</param>
    /// <param name="postgresSettings">Extra PostgreSQL settings (<c>--postgres-setting</c>).</param>
    public static async Task<BenchSystem> StartAsync(IReadOnlyList<(string Service, string Key, string Value)> serviceSettings, IReadOnlyList<string> postgresSettings)
    {
        var postgres = await BenchPostgres.StartAsync(settings: [.. postgresSettings]);
        var broker = await RabbitMqServer.StartAsync();
        var database = await postgres.CreateDatabaseAsync("bench");
        return new BenchSystem(postgres, broker, database, await broker.CreateVirtualHostAsync("bench"), await BenchPostgres.PrepareDatabaseAsync(database), serviceSettings);
    }

    /// <summary>CPU seconds so far of each service started, PostgreSQL (postmaster and backends), RabbitMQ, this bench and the whole machine.</summary>
    public IReadOnlyList<(string Name, double Seconds)> CpuSeconds() =>
    [
        .. _services.Select(s => (s.Name, ProcessCpu.Seconds(s.ProcessId))),
        ("postgres", _postmaster > 0 ? ProcessCpu.Seconds(_postmaster, withChildren: true) : 0),
        ("rabbitmq", _rabbitNode > 0 ? ProcessCpu.Seconds(_rabbitNode) : 0),
        ("bench client", ProcessCpu.Seconds(Environment.ProcessId)),
        ("whole machine", ProcessCpu.MachineBusySeconds()),
    ];

    /// <summary>The statements PostgreSQL spent the most time on since the last reset, as lines to print (and resets).</summary>
    public async Task<string> TopStatementsAsync(string stretch)
    {
        var lines = await BenchPostgres.TopStatementsAsync(Database, 12, reset: true);
        return $"  PostgreSQL statements by execution time, {stretch}:\n" + string.Join("\n", lines.Select(l => "    " + l));
    }

    /// <summary>The largest document tables with their mean document sizes, as lines to print.</summary>
    public async Task<string> DocumentSizesAsync()
    {
        var lines = await BenchPostgres.DocumentSizesAsync(Database, 8);
        return "  documents at the end (mean per row):\n" + string.Join("\n", lines.Select(l => "    " + l));
    }

    public Task ResetStatementsAsync() => BenchPostgres.ResetStatementsAsync(Database);

    public IReadOnlyList<(string Service, string Key, string Value)> ServiceSettings { get; }

    public async Task StartServiceAsync(string name)
    {
        var endpoint = Topology.Service(name);
        var environment = ServiceTopology.ServiceEnvironment(endpoint, Database, Amqp);
        // Per-request logs would measure the console, not the service.
        environment["Logging__LogLevel__Default"] = "Warning";
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // Billing alone has no consumer of its signals: publish and drop them (the figures measure
        // dispatch), rather than hold them; with scoring running, scoring has bound its queues first.
        environment["Outbox__HoldUntilRouted"] = "false";
        foreach (var (_, key, value) in ServiceSettings.Where(s => s.Service == name))
        {
            environment[key] = value;
        }

        _services.Add(await ServiceProcess.StartAsync(
            name, ServiceProcess.FindServiceDll(endpoint.ProjectName), environment, endpoint.ReadinessUrl, TimeSpan.FromSeconds(120)));
    }

    public Uri GrpcUrlOf(string name) => Topology.Service(name).GrpcUrl;

    public async ValueTask DisposeAsync()
    {
        foreach (var service in Enumerable.Reverse(_services))
        {
            await service.StopAsync();
        }

        await Broker.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}
