namespace CustomerHealth.Testing;

/// <summary>Where servers come from.</summary>
public enum ProvisioningMode
{
    /// <summary>Docker when an engine answers, otherwise the locally installed binaries.</summary>
    Auto,

    /// <summary>Throwaway servers from the installed PostgreSQL / RabbitMQ binaries.</summary>
    LocalBinaries,

    /// <summary>Testcontainers.</summary>
    Docker,
}

internal static class Provisioning
{
    /// <summary>Overrides <see cref="ProvisioningMode.Auto"/> for a whole run: <c>local</c> or <c>docker</c>.</summary>
    public const string OverrideVariable = "CUSTOMERHEALTH_PROVISIONING";

    public static ProvisioningMode Resolve(ProvisioningMode requested, bool localBinariesPresent)
    {
        if (requested == ProvisioningMode.Auto)
        {
            requested = Environment.GetEnvironmentVariable(OverrideVariable)?.Trim().ToLowerInvariant() switch
            {
                "local" => ProvisioningMode.LocalBinaries,
                "docker" => ProvisioningMode.Docker,
                _ => ProvisioningMode.Auto,
            };
        }

        return requested switch
        {
            ProvisioningMode.Docker => ProvisioningMode.Docker,
            ProvisioningMode.LocalBinaries when localBinariesPresent => ProvisioningMode.LocalBinaries,
            ProvisioningMode.Auto when DockerAvailability.IsAvailable => ProvisioningMode.Docker,
            ProvisioningMode.Auto when localBinariesPresent => ProvisioningMode.LocalBinaries,
            _ => throw new ProvisioningUnavailableException(),
        };
    }
}

/// <summary>Neither a Docker engine nor the local server binaries are there.</summary>
public sealed class ProvisioningUnavailableException() : InvalidOperationException(
    "CustomerHealth needs PostgreSQL 15 and RabbitMQ for its integration tests and the launcher, but no Docker engine "
    + "answered and the local binaries are missing"
    + $" (looked for {PostgresBinaries.SearchPattern}/initdb and {RabbitMqBinaries.Directory}/rabbitmq-server). "
    + "Install them with `sudo apt-get install -y postgresql-15 rabbitmq-server`, or start a Docker engine.");
