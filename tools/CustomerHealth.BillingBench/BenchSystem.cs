using CustomerHealth.Testing;

namespace CustomerHealth.BillingBench;

/// <summary>Throwaway PostgreSQL and RabbitMQ plus the services under test as processes; all stopped on dispose.</summary>
public sealed class BenchSystem : IAsyncDisposable
{
    private readonly List<ServiceProcess> _services = [];

    private BenchSystem(PostgresServer postgres, RabbitMqServer broker, string database, string amqp)
    {
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

    public static async Task<BenchSystem> StartAsync()
    {
        var postgres = await PostgresServer.StartAsync();
        var broker = await RabbitMqServer.StartAsync();
        return new BenchSystem(postgres, broker, await postgres.CreateDatabaseAsync("bench"), await broker.CreateVirtualHostAsync("bench"));
    }

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
