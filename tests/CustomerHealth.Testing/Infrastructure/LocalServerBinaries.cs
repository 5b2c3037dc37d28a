namespace CustomerHealth.Testing;

/// <summary>Whether the locally installed servers are there, and which Debian packages would provide them.</summary>
public static class LocalServerBinaries
{
    public const string PostgresPackage = "postgresql-15";
    public const string RabbitMqPackage = "rabbitmq-server";

    public static bool ArePresent => MissingPackages().Count == 0;

    public static IReadOnlyList<string> MissingPackages() =>
    [
        .. PostgresBinaries.ArePresent ? Array.Empty<string>() : [PostgresPackage],
        .. RabbitMqBinaries.ArePresent ? Array.Empty<string>() : [RabbitMqPackage],
    ];
}
