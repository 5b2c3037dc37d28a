namespace CustomerHealth.Testing;

/// <summary>
/// The one table of names, ports and environment variables for running the system from built assemblies:
/// the launcher uses <see cref="Fixed"/>, end-to-end tests <see cref="WithFreePorts"/>.
/// </summary>
public sealed class ServiceTopology
{
    public const string Billing = "billing";
    public const string Scoring = "scoring";
    public const string Usage = "usage";
    public const string Feedback = "feedback";
    public const string GatewayName = "gateway";

    public const string ServiceReadinessPath = "/healthz/ready";
    public const string GatewayReadinessPath = "/healthz";

    private ServiceTopology(IReadOnlyList<ServiceEndpoint> services, ServiceEndpoint gateway, InfrastructurePorts infrastructure)
    {
        Services = services;
        Gateway = gateway;
        Infrastructure = infrastructure;
    }

    /// <summary>The launcher's ports; PostgreSQL and RabbitMQ avoid 5432/5672 so a system-wide install can coexist.</summary>
    public static ServiceTopology Fixed { get; } = new(
        [
            Service(Billing, "CustomerHealth.Billing", 5101, 5102),
            Service(Scoring, "CustomerHealth.Scoring", 5201, 5202),
            Service(Usage, "CustomerHealth.Usage", 5301, 5302),
            Service(Feedback, "CustomerHealth.Feedback", 5401, 5402),
        ],
        new ServiceEndpoint(GatewayName, "CustomerHealth.Gateway", 8080, 8081, GatewayReadinessPath),
        new InfrastructurePorts(Postgres: 5433, RabbitMq: 5673, RabbitMqManagement: 15673, RabbitMqDistribution: 25673));

    public IReadOnlyList<ServiceEndpoint> Services { get; }

    public ServiceEndpoint Gateway { get; }

    public InfrastructurePorts Infrastructure { get; }

    /// <summary>Services first, gateway last; stop in the reverse order.</summary>
    public IReadOnlyList<ServiceEndpoint> StartOrder => [.. Services, Gateway];

    /// <summary>Same names, fresh free loopback ports for every endpoint (infrastructure ports left to the fixtures).</summary>
    public static ServiceTopology WithFreePorts()
    {
        var ports = FreeTcpPort.NextDistinct(2 * (Fixed.Services.Count + 1));
        return new(
            [.. Fixed.Services.Select((s, i) => s with { HttpPort = ports[2 * i], GrpcPort = ports[2 * i + 1] })],
            Fixed.Gateway with { HttpPort = ports[^2], GrpcPort = ports[^1] },
            new InfrastructurePorts(null, null, null, null));
    }

    public ServiceEndpoint Service(string name) =>
        StartOrder.FirstOrDefault(s => s.Name == name) ?? throw new ArgumentException($"No service named '{name}'.", nameof(name));

    public static IDictionary<string, string> ServiceEnvironment(ServiceEndpoint service, string postgresConnectionString, string rabbitMqUri)
    {
        var environment = KestrelEnvironment(service);
        environment["ConnectionStrings__Postgres"] = postgresConnectionString;
        environment["ConnectionStrings__RabbitMq"] = rabbitMqUri;
        return environment;
    }

    public IDictionary<string, string> GatewayEnvironment()
    {
        var environment = KestrelEnvironment(Gateway);
        foreach (var service in Services)
        {
            foreach (var cluster in GatewayClusters(service.Name))
            {
                environment[$"ReverseProxy__Clusters__{cluster}-rest__Destinations__primary__Address"] = service.HttpUrl.ToString();
                environment[$"ReverseProxy__Clusters__{cluster}-grpc__Destinations__primary__Address"] = service.GrpcUrl.ToString();
            }
        }

        return environment;
    }

    /// <summary>
    /// The gateway's YARP cluster pairs (name-rest, name-grpc) that lead to a service. Usage ingest has
    /// its own pair, hence its own connections, so reads never queue behind a long ingest stream.
    /// </summary>
    public static IReadOnlyList<string> GatewayClusters(string service) =>
        service == Usage ? [Usage, UsageIngestClusters] : [service];

    /// <summary>The prefix of the gateway clusters that carry usage ingest (RecordEvents, RecordEventBatch, POST events).</summary>
    public const string UsageIngestClusters = "usage-ingest";

    private static ServiceEndpoint Service(string name, string project, int http, int grpc) =>
        new(name, project, http, grpc, ServiceReadinessPath);

    private static Dictionary<string, string> KestrelEnvironment(ServiceEndpoint endpoint) => new(StringComparer.Ordinal)
    {
        ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{endpoint.HttpPort}",
        ["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{endpoint.GrpcPort}",

        // Without TLS, gRPC needs an HTTP/2-only endpoint (h2c); HTTP/1.1-and-2 falls back to 1.1.
        ["Kestrel__Endpoints__Grpc__Protocols"] = "Http2",
    };
}

/// <summary>Fixed PostgreSQL/RabbitMQ ports for the launcher; null means "let the fixture pick".</summary>
public sealed record InfrastructurePorts(int? Postgres, int? RabbitMq, int? RabbitMqManagement, int? RabbitMqDistribution);
