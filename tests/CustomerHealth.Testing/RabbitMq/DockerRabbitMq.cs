using Testcontainers.RabbitMq;

namespace CustomerHealth.Testing;

/// <summary>
/// RabbitMQ (with the management plugin) in Docker. Stop/start-again keeps the data (the container is kept) but
/// the mapped host ports may change, so read <see cref="RabbitMqServer.AmqpUri"/> again after restarting. Removal
/// after a crashed run is Testcontainers' resource reaper's job. Not exercised on machines without Docker.
/// </summary>
internal sealed class DockerRabbitMq(RabbitMqContainer container) : IRabbitMqBackend
{
    private const int AmqpContainerPort = 5672;
    private const int ManagementContainerPort = 15672;

    public ProvisioningMode Mode => ProvisioningMode.Docker;

    public string Host => container.Hostname;

    public int Port => container.GetMappedPublicPort(AmqpContainerPort);

    public int ManagementPort => container.GetMappedPublicPort(ManagementContainerPort);

    // The image allows guest from outside loopback, which is how Docker's port mapping connects.
    public string Username => "guest";

    public string Password => "guest";

    public static async Task<DockerRabbitMq> StartAsync(RabbitMqServerOptions options, CancellationToken ct)
    {
        var builder = new RabbitMqBuilder("rabbitmq:3.13-management-alpine")
            .WithUsername("guest")
            .WithPassword("guest")
            .WithPortBinding(ManagementContainerPort, assignRandomHostPort: true);
        if (options.Port is { } port)
        {
            builder = builder.WithPortBinding(port, AmqpContainerPort);
        }

        var container = builder.Build();
        await container.StartAsync(ct).ConfigureAwait(false);
        return new DockerRabbitMq(container);
    }

    public Task StopAsync(CancellationToken ct) => container.StopAsync(ct);

    public Task StartAgainAsync(CancellationToken ct) => container.StartAsync(ct);

    public ValueTask DisposeAsync() => container.DisposeAsync();
}
