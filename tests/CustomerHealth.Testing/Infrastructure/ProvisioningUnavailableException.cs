namespace CustomerHealth.Testing;

/// <summary>Neither a Docker engine nor the local server binaries are there.</summary>
public sealed class ProvisioningUnavailableException() : InvalidOperationException(BuildMessage())
{
    private static string BuildMessage()
    {
        var missing = LocalServerBinaries.MissingPackages();
        var what = missing.Count == 0 ? "the local binaries are incomplete" : string.Join(" and ", missing) + " not installed";
        return "CustomerHealth needs PostgreSQL 15 and RabbitMQ for its integration tests and the launcher, but no Docker engine "
               + $"answered and {what} (looked for {PostgresBinaries.SearchPattern}/initdb and {RabbitMqBinaries.Directory}/rabbitmq-server). "
               + $"Install them with `sudo apt-get install -y {LocalServerBinaries.PostgresPackage} {LocalServerBinaries.RabbitMqPackage}`, "
               + "or start a Docker engine.";
    }
}
