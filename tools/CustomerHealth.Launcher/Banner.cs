using CustomerHealth.Testing;

namespace CustomerHealth.Launcher;

internal static class Banner
{
    public static void Print(ServiceTopology topology, LocalInfrastructure infrastructure)
    {
        var gateway = topology.Gateway;
        Console.WriteLine($"""

            CustomerHealth is running.
              REST        {gateway.HttpUrl}api/v1/...   (e.g. {gateway.HttpUrl}api/v1/accounts/...)
              gRPC        127.0.0.1:{gateway.GrpcPort}   (h2c: plaintext HTTP/2)
              Health      {gateway.ReadinessUrl}
              Services    {string.Join("  ", topology.Services.Select(s => $"{s.Name} {s.HttpPort}/{s.GrpcPort}"))}
              PostgreSQL  {infrastructure.DatabaseConnectionString}
              RabbitMQ    {infrastructure.RabbitMq.AmqpUri}   (management {infrastructure.RabbitMq.ManagementUri}, guest/guest)
            Press Ctrl-C to stop.

            """);
    }
}
