using CustomerHealth.Testing;
using CustomerHealth.Usage.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace CustomerHealth.Usage.Tests.ThroughTheGateway;

/// <summary>
/// The built usage service and gateway as processes, as clients reach them; plus two gateways with one
/// half of usage's clusters pointed at a closed port, which show which cluster each call travels.
/// </summary>
public sealed class UsageBehindGateway : IAsyncLifetime
{
    private readonly List<ServiceProcess> _processes = [];
    private readonly List<GatewayClients> _gateways = [];

    public ServiceTopology Topology { get; private set; } = ServiceTopology.WithFreePorts();

    public HttpClient Rest => Full.Rest;

    public UsageService.UsageServiceClient Grpc => Full.Grpc;

    public GatewayClients Full { get; private set; } = null!;

    /// <summary>A gateway whose read clusters (usage-rest, usage-grpc) lead nowhere.</summary>
    public GatewayClients IngestClustersOnly { get; private set; } = null!;

    /// <summary>A gateway whose ingest clusters (usage-ingest-rest, usage-ingest-grpc) lead nowhere.</summary>
    public GatewayClients ReadClustersOnly { get; private set; } = null!;

    /// <summary>
    /// A chosen port can be taken (an outgoing connection of a test running beside this one) before a
    /// process binds it; then everything starts again on new ports, since the gateways know usage's.
    /// </summary>
    public async Task InitializeAsync()
    {
        var database = await (await PostgresServer.Shared).CreateDatabaseAsync("usage_gateway");
        var broker = await (await RabbitMqServer.Shared).CreateVirtualHostAsync("usage_gateway");
        await FreeTcpPort.StartAgainWhenTakenAsync(
            () => StartAllAsync(database, broker),
            async () =>
            {
                await DisposeAsync();
                _gateways.Clear();
                _processes.Clear();
                Topology = ServiceTopology.WithFreePorts();
            });
    }

    private async Task StartAllAsync(string database, string broker)
    {
        var usage = Topology.Service(ServiceTopology.Usage);
        _processes.Add(await ServiceProcess.StartAsync(
            usage.Name, ServiceProcess.FindServiceDll(usage.ProjectName), ServiceTopology.ServiceEnvironment(usage, database, broker), usage.ReadinessUrl, TimeSpan.FromSeconds(90)));
        Full = await StartGatewayAsync(Topology.Gateway, cutCluster: null);
        IngestClustersOnly = await StartGatewayAsync(FreshPorts(), cutCluster: ServiceTopology.Usage);
        ReadClustersOnly = await StartGatewayAsync(FreshPorts(), cutCluster: ServiceTopology.UsageIngestClusters);
    }

    public async Task DisposeAsync()
    {
        foreach (var gateway in _gateways)
        {
            gateway.Dispose();
        }

        foreach (var process in Enumerable.Reverse(_processes))
        {
            await process.StopAsync();
        }
    }

    private ServiceEndpoint FreshPorts()
    {
        var ports = FreeTcpPort.NextDistinct(2);
        return Topology.Gateway with { HttpPort = ports[0], GrpcPort = ports[1] };
    }

    /// <param name="cutCluster">The cluster pair (prefix of -rest and -grpc) to point at a port nobody listens on.</param>
    private async Task<GatewayClients> StartGatewayAsync(ServiceEndpoint gateway, string? cutCluster)
    {
        var environment = Topology.GatewayEnvironment();
        environment["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{gateway.HttpPort}";
        environment["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{gateway.GrpcPort}";
        if (cutCluster is not null)
        {
            var closed = $"http://127.0.0.1:{FreeTcpPort.Next()}/";
            environment[$"ReverseProxy__Clusters__{cutCluster}-rest__Destinations__primary__Address"] = closed;
            environment[$"ReverseProxy__Clusters__{cutCluster}-grpc__Destinations__primary__Address"] = closed;
        }

        // The gateway's /healthz waits for every service; only usage runs here, so wait for liveness.
        _processes.Add(await ServiceProcess.StartAsync(
            cutCluster is null ? ServiceTopology.GatewayName : $"{ServiceTopology.GatewayName}-without-{cutCluster}",
            ServiceProcess.FindServiceDll(Topology.Gateway.ProjectName),
            environment,
            new Uri(gateway.HttpUrl, "healthz/live"),
            TimeSpan.FromSeconds(90)));
        var clients = new GatewayClients(gateway);
        _gateways.Add(clients);
        return clients;
    }
}

/// <summary>REST and gRPC clients of one gateway.</summary>
public sealed class GatewayClients : IDisposable
{
    private readonly GrpcChannel _channel;

    public GatewayClients(ServiceEndpoint gateway)
    {
        Rest = new HttpClient { BaseAddress = gateway.HttpUrl };
        _channel = GrpcChannel.ForAddress(gateway.GrpcUrl);
        Grpc = new UsageService.UsageServiceClient(_channel);
    }

    public HttpClient Rest { get; }

    public UsageService.UsageServiceClient Grpc { get; }

    /// <summary>For calls a generated client cannot make (<see cref="RawGrpcCall"/>).</summary>
    public CallInvoker CallInvoker => _channel.CreateCallInvoker();

    public void Dispose()
    {
        _channel.Dispose();
        Rest.Dispose();
    }
}
