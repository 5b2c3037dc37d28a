using System.Collections.Concurrent;
using CustomerHealth.Billing.V1;
using CustomerHealth.Scoring.V1;
using CustomerHealth.Testing;
using Grpc.Net.Client;

namespace CustomerHealth.EndToEnd.Tests;

/// <summary>
/// The whole topology as separate processes (four services and the gateway) on real PostgreSQL and
/// RabbitMQ, with its own database and virtual host (or its own broker, for outage tests).
/// </summary>
public class RunningSystem : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly ConcurrentDictionary<string, ServiceProcess> _processes = new();
    private readonly bool _dedicatedBroker;
    private GrpcChannel? _grpc;
    private string _database = "";
    private string _broker = "";

    public RunningSystem()
        : this(dedicatedBroker: false)
    {
    }

    protected RunningSystem(bool dedicatedBroker) => _dedicatedBroker = dedicatedBroker;

    public ServiceTopology Topology { get; private set; } = ServiceTopology.WithFreePorts();

    public RabbitMqServer Broker { get; private set; } = null!;

    /// <summary>REST through the gateway's public HTTP port.</summary>
    public HttpClient Rest { get; private set; } = null!;

    /// <summary>gRPC through the gateway's h2c port.</summary>
    public BillingService.BillingServiceClient BillingGrpc { get; private set; } = null!;

    public ScoringService.ScoringServiceClient ScoringGrpc { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var postgres = await PostgresServer.Shared;
        Broker = _dedicatedBroker ? await RabbitMqServer.StartAsync() : await RabbitMqServer.Shared;
        _database = await postgres.CreateDatabaseAsync("e2e");
        _broker = await Broker.CreateVirtualHostAsync("e2e");
        await StartAllAsync();
        Rest = new HttpClient { BaseAddress = Topology.Gateway.HttpUrl };
        _grpc = GrpcChannel.ForAddress(Topology.Gateway.GrpcUrl);
        BillingGrpc = new BillingService.BillingServiceClient(_grpc);
        ScoringGrpc = new ScoringService.ScoringServiceClient(_grpc);
    }

    /// <summary>
    /// Starts the services, then the gateway. A chosen port can be taken by another process (an
    /// outgoing connection of a test running beside this one) before a service binds it; then the
    /// whole system starts again on new ports, since every process knows the others' ports.
    /// </summary>
    private Task StartAllAsync() => FreeTcpPort.StartAgainWhenTakenAsync(
        async () =>
        {
            await Task.WhenAll(Topology.Services.Select(s => StartAsync(s.Name)));
            await Task.WhenAll(Topology.Services.Select(s => BrokerReadiness.WaitAsync(s.ReadinessUrl, s.Name)));
            await StartAsync(ServiceTopology.GatewayName);
        },
        async () =>
        {
            foreach (var name in _processes.Keys.ToList())
            {
                await StopAsync(name);
            }

            Topology = ServiceTopology.WithFreePorts();
        });

    public Uri HttpUrlOf(string service) => Topology.Service(service).HttpUrl;

    public async Task StartAsync(string name)
    {
        var endpoint = Topology.Service(name);
        var environment = name == ServiceTopology.GatewayName
            ? Topology.GatewayEnvironment()
            : ServiceTopology.ServiceEnvironment(endpoint, _database, _broker);
        if (name == ServiceTopology.Scoring)
        {
            // The explain drill-down reaches the other services on this run's ports.
            foreach (var source in new[] { ServiceTopology.Usage, ServiceTopology.Billing, ServiceTopology.Feedback })
            {
                environment[$"Services__{char.ToUpperInvariant(source[0])}{source[1..]}__Grpc"] = Topology.Service(source).GrpcUrl.ToString();
            }

            // A busy test machine must not turn a slow first answer into "unavailable".
            environment["Scoring__Explain__DeadlineSeconds"] = "30";
        }

        if (name == ServiceTopology.Usage)
        {
            // Past days are published once their history has been quiet for a window: 2 s, not 60.
            environment["Usage__SignalWindow"] = "00:00:02";
        }

        var process = await ServiceProcess.StartAsync(
            name, ServiceProcess.FindServiceDll(endpoint.ProjectName), environment, endpoint.ReadinessUrl, StartTimeout);
        _processes[name] = process;
    }

    public async Task StopAsync(string name)
    {
        if (_processes.TryRemove(name, out var process))
        {
            await process.StopAsync();
        }
    }

    public string OutputOf(string name) => _processes.TryGetValue(name, out var p) ? p.RecentOutput : "(not running)";

    public virtual async Task DisposeAsync()
    {
        _grpc?.Dispose();
        Rest?.Dispose();
        foreach (var name in _processes.Keys.Reverse().ToList())
        {
            await StopAsync(name);
        }

        if (_dedicatedBroker && Broker is not null)
        {
            await Broker.DisposeAsync();
        }
    }
}

/// <summary>A system with a broker of its own, which a test may stop and start.</summary>
public sealed class RunningSystemWithOwnBroker() : RunningSystem(dedicatedBroker: true);
