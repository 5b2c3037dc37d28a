using CustomerHealth.Testing;
using CustomerHealth.Usage.V1;
using Grpc.Net.Client;

namespace CustomerHealth.Usage.Tests.ThroughTheGateway;

/// <summary>The built usage service and gateway as processes, as clients reach them.</summary>
public sealed class UsageBehindGateway : IAsyncLifetime
{
    private readonly List<ServiceProcess> _processes = [];
    private GrpcChannel? _channel;

    public ServiceTopology Topology { get; } = ServiceTopology.WithFreePorts();

    public HttpClient Rest { get; private set; } = null!;

    public UsageService.UsageServiceClient Grpc { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var database = await (await PostgresServer.Shared).CreateDatabaseAsync("usage_gateway");
        var broker = await (await RabbitMqServer.Shared).CreateVirtualHostAsync("usage_gateway");
        var usage = Topology.Service(ServiceTopology.Usage);
        _processes.Add(await ServiceProcess.StartAsync(
            usage.Name, ServiceProcess.FindServiceDll(usage.ProjectName), ServiceTopology.ServiceEnvironment(usage, database, broker), usage.ReadinessUrl, TimeSpan.FromSeconds(90)));
        // The gateway's /healthz waits for every service; only usage runs here, so wait for liveness.
        _processes.Add(await ServiceProcess.StartAsync(
            ServiceTopology.GatewayName,
            ServiceProcess.FindServiceDll(Topology.Gateway.ProjectName),
            Topology.GatewayEnvironment(),
            new Uri(Topology.Gateway.HttpUrl, "healthz/live"),
            TimeSpan.FromSeconds(90)));
        Rest = new HttpClient { BaseAddress = Topology.Gateway.HttpUrl };
        _channel = GrpcChannel.ForAddress(Topology.Gateway.GrpcUrl);
        Grpc = new UsageService.UsageServiceClient(_channel);
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        Rest?.Dispose();
        foreach (var process in Enumerable.Reverse(_processes))
        {
            await process.StopAsync();
        }
    }
}
