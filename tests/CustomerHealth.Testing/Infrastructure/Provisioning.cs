namespace CustomerHealth.Testing;

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
