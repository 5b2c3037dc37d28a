using CustomerHealth.Testing;

namespace CustomerHealth.Launcher;

/// <summary>PostgreSQL and RabbitMQ for a local run, with their data kept under .run/ so it survives restarts.</summary>
internal sealed class LocalInfrastructure : IAsyncDisposable
{
    public const string DatabaseName = "customerhealth";
    private const string NodeName = "customerhealth@localhost";

    private LocalInfrastructure(PostgresServer postgres, RabbitMqServer rabbitMq, string databaseConnectionString)
    {
        Postgres = postgres;
        RabbitMq = rabbitMq;
        DatabaseConnectionString = databaseConnectionString;
    }

    public PostgresServer Postgres { get; }

    public RabbitMqServer RabbitMq { get; }

    public string DatabaseConnectionString { get; }

    public static async Task<LocalInfrastructure> StartAsync(string repositoryRoot, InfrastructurePorts ports, CancellationToken ct)
    {
        var runDirectory = Path.Combine(repositoryRoot, ".run");

        // Installed binaries keep the data in .run/; Docker (only when they are missing) keeps it in the container.
        var provisioning = LocalServerBinaries.ArePresent ? ProvisioningMode.LocalBinaries : ProvisioningMode.Auto;

        Console.WriteLine($"Starting PostgreSQL on port {ports.Postgres}…");
        var postgres = await PostgresServer.StartAsync(new PostgresServerOptions
        {
            DataDirectory = Path.Combine(runDirectory, "postgres"),
            Port = ports.Postgres,
            Fsync = true,
            Provisioning = provisioning,
        }, ct);
        try
        {
            var database = await postgres.EnsureDatabaseAsync(DatabaseName, ct);
            Console.WriteLine($"Starting RabbitMQ on port {ports.RabbitMq}…");
            var rabbitMq = await RabbitMqServer.StartAsync(new RabbitMqServerOptions
            {
                DataDirectory = Path.Combine(runDirectory, "rabbitmq"),
                NodeName = NodeName,
                Port = ports.RabbitMq,
                ManagementPort = ports.RabbitMqManagement,
                DistributionPort = ports.RabbitMqDistribution,
                Provisioning = provisioning,
            }, ct);
            return new LocalInfrastructure(postgres, rabbitMq, database);
        }
        catch
        {
            await postgres.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Console.WriteLine("Stopping RabbitMQ…");
        await RabbitMq.DisposeAsync();
        Console.WriteLine("Stopping PostgreSQL…");
        await Postgres.DisposeAsync();
    }
}
