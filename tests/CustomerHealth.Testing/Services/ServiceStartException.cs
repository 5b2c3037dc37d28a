namespace CustomerHealth.Testing;

/// <summary>A service did not become ready; the message carries its recent output.</summary>
public sealed class ServiceStartException(string serviceName, string reason, string recentOutput)
    : Exception($"Service {serviceName} {reason}. Recent output:{Environment.NewLine}{recentOutput}")
{
    public string ServiceName { get; } = serviceName;

    public string RecentOutput { get; } = recentOutput;
}
