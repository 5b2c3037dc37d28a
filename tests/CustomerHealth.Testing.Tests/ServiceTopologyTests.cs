namespace CustomerHealth.Testing.Tests;

public sealed class ServiceTopologyTests
{
    [Fact]
    public void The_fixed_topology_has_the_agreed_ports()
    {
        var topology = ServiceTopology.Fixed;

        Assert.Equal(
            [("billing", 5101, 5102), ("scoring", 5201, 5202), ("usage", 5301, 5302), ("feedback", 5401, 5402), ("gateway", 8080, 8081)],
            topology.StartOrder.Select(s => (s.Name, s.HttpPort, s.GrpcPort)));
        Assert.Equal(new Uri("http://127.0.0.1:5101/healthz/ready"), topology.Service("billing").ReadinessUrl);
        Assert.Equal(new Uri("http://127.0.0.1:8080/healthz"), topology.Gateway.ReadinessUrl);
    }

    [Fact]
    public void A_service_gets_its_connection_strings_and_both_Kestrel_endpoints()
    {
        var environment = ServiceTopology.ServiceEnvironment(ServiceTopology.Fixed.Service("usage"), "Host=db", "amqp://mq/");

        Assert.Equal("Host=db", environment["ConnectionStrings__Postgres"]);
        Assert.Equal("amqp://mq/", environment["ConnectionStrings__RabbitMq"]);
        Assert.Equal("http://127.0.0.1:5301", environment["Kestrel__Endpoints__Http__Url"]);
        Assert.Equal("http://127.0.0.1:5302", environment["Kestrel__Endpoints__Grpc__Url"]);
        Assert.Equal("Http2", environment["Kestrel__Endpoints__Grpc__Protocols"]);
    }

    [Fact]
    public void The_gateway_points_a_rest_and_a_grpc_cluster_at_every_service()
    {
        var environment = ServiceTopology.Fixed.GatewayEnvironment();

        Assert.Equal("http://127.0.0.1:8080", environment["Kestrel__Endpoints__Http__Url"]);
        Assert.Equal("http://127.0.0.1:8081", environment["Kestrel__Endpoints__Grpc__Url"]);
        Assert.Equal("http://127.0.0.1:5201/", environment["ReverseProxy__Clusters__scoring-rest__Destinations__primary__Address"]);
        Assert.Equal("http://127.0.0.1:5402/", environment["ReverseProxy__Clusters__feedback-grpc__Destinations__primary__Address"]);
        Assert.Equal("http://127.0.0.1:5301/", environment["ReverseProxy__Clusters__usage-ingest-rest__Destinations__primary__Address"]);
        Assert.Equal("http://127.0.0.1:5302/", environment["ReverseProxy__Clusters__usage-ingest-grpc__Destinations__primary__Address"]);
        Assert.Equal(10, environment.Keys.Count(k => k.StartsWith("ReverseProxy__Clusters__", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_gateway_environment_overrides_every_destination_the_gateway_configures_and_no_other()
    {
        var settings = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryLayout.FindRoot(), "gateway", "appsettings.json")))!;
        var configured = settings["ReverseProxy"]!["Clusters"]!.AsObject()
            .SelectMany(c => c.Value!["Destinations"]!.AsObject().Select(d => $"ReverseProxy__Clusters__{c.Key}__Destinations__{d.Key}__Address"))
            .Order(StringComparer.Ordinal);

        var overridden = ServiceTopology.Fixed.GatewayEnvironment().Keys
            .Where(k => k.StartsWith("ReverseProxy__Clusters__", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

        Assert.Equal(configured, overridden);
    }

    [Fact]
    public void A_topology_with_free_ports_keeps_the_names_and_uses_distinct_ports()
    {
        var topology = ServiceTopology.WithFreePorts();

        var ports = topology.StartOrder.SelectMany(s => new[] { s.HttpPort, s.GrpcPort }).ToList();
        Assert.Equal(ServiceTopology.Fixed.StartOrder.Select(s => s.ProjectName), topology.StartOrder.Select(s => s.ProjectName));
        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.Null(topology.Infrastructure.Postgres);
    }
}
