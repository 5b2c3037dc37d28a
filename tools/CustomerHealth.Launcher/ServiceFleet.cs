using CustomerHealth.Testing;

namespace CustomerHealth.Launcher;

/// <summary>The four services and the gateway as child processes, started in order and stopped in reverse.</summary>
internal sealed class ServiceFleet(ServiceTopology topology, string configuration) : IAsyncDisposable
{
    private static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(120);
    private readonly Stack<ServiceProcess> started = new();

    public async Task StartAsync(LocalInfrastructure infrastructure, CancellationToken ct)
    {
        // Resolve every assembly and port first: a missing build or a busy port should fail before anything starts.
        var dlls = topology.StartOrder.ToDictionary(s => s.Name, s => ServiceProcess.FindServiceDll(s.ProjectName, configuration));
        var busy = topology.StartOrder.SelectMany(s => new[] { s.HttpPort, s.GrpcPort }).Where(PortIsTaken).ToList();
        if (busy.Count > 0)
        {
            throw new InvalidOperationException($"Port(s) {string.Join(", ", busy)} already in use (another launcher still running?).");
        }

        foreach (var service in topology.Services)
        {
            await StartOneAsync(service, dlls[service.Name],
                ServiceTopology.ServiceEnvironment(service, infrastructure.DatabaseConnectionString, infrastructure.RabbitMq.AmqpUri), ct);
        }

        await StartOneAsync(topology.Gateway, dlls[topology.Gateway.Name], topology.GatewayEnvironment(), ct);
    }

    public async ValueTask DisposeAsync()
    {
        while (started.TryPop(out var service))
        {
            Console.WriteLine($"Stopping {service.Name}…");
            await service.StopAsync();
        }
    }

    private async Task StartOneAsync(ServiceEndpoint service, string dll, IDictionary<string, string> environment, CancellationToken ct)
    {
        Console.WriteLine($"Starting {service.Name} ({Path.GetRelativePath(Environment.CurrentDirectory, dll)})…");
        started.Push(await ServiceProcess.StartAsync(service.Name, dll, environment, service.ReadinessUrl, ReadinessTimeout, Console.WriteLine, ct));
    }

    private static bool PortIsTaken(int port)
    {
        try
        {
            using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            listener.Start();
            return false;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return true;
        }
    }
}
