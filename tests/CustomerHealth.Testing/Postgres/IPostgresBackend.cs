namespace CustomerHealth.Testing;

internal interface IPostgresBackend : IAsyncDisposable
{
    ProvisioningMode Mode { get; }

    string Host { get; }

    int Port { get; }

    string Username { get; }

    string? Password { get; }

    Task StopAsync(CancellationToken ct);

    Task StartAgainAsync(CancellationToken ct);
}
