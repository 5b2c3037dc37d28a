using System.Globalization;
using Testcontainers.PostgreSql;

namespace CustomerHealth.Testing;

/// <summary>
/// PostgreSQL in Docker. Stop/start-again keeps the data (the container is kept) but the mapped host port
/// may change, so read <see cref="PostgresServer.ConnectionString"/> again after restarting. Removal after
/// a crashed run is Testcontainers' resource reaper's job. Not exercised on machines without Docker.
/// </summary>
internal sealed class DockerPostgres(PostgreSqlContainer container) : IPostgresBackend
{
    private const int ContainerPort = 5432;

    public ProvisioningMode Mode => ProvisioningMode.Docker;

    public string Host => container.Hostname;

    public int Port => container.GetMappedPublicPort(ContainerPort);

    public string Username => "postgres";

    public string? Password => "postgres";

    public static async Task<DockerPostgres> StartAsync(PostgresServerOptions options, CancellationToken ct)
    {
        var builder = new PostgreSqlBuilder("postgres:15-alpine")
            .WithUsername("postgres")
            .WithPassword("postgres")
            .WithDatabase("postgres")
            .WithCommand("-c", "max_connections=" + options.MaxConnections.ToString(CultureInfo.InvariantCulture));
        if (!options.Fsync)
        {
            builder = builder.WithCommand("-c", "fsync=off");
        }

        if (options.Port is { } port)
        {
            builder = builder.WithPortBinding(port, ContainerPort);
        }

        var container = builder.Build();
        await container.StartAsync(ct).ConfigureAwait(false);
        return new DockerPostgres(container);
    }

    public Task StopAsync(CancellationToken ct) => container.StopAsync(ct);

    public Task StartAgainAsync(CancellationToken ct) => container.StartAsync(ct);

    public ValueTask DisposeAsync() => container.DisposeAsync();
}
