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
