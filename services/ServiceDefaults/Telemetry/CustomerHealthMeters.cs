using System.Diagnostics.Metrics;

namespace CustomerHealth.ServiceDefaults.Telemetry;

/// <summary>The meter and activity source name for CustomerHealth's own instruments.</summary>
public static class CustomerHealthMeters
{
    public const string Name = "CustomerHealth";

    public static readonly Meter Meter = new(Name);
}
