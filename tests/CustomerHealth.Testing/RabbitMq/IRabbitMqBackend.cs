namespace CustomerHealth.Testing;

internal interface IRabbitMqBackend : IAsyncDisposable
{
    ProvisioningMode Mode { get; }

    string Host { get; }

    int Port { get; }

    int ManagementPort { get; }

    string Username { get; }

    string Password { get; }

    Task StopAsync(CancellationToken ct);

    Task StartAgainAsync(CancellationToken ct);
}
