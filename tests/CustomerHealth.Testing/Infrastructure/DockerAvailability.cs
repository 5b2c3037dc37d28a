using DotNet.Testcontainers.Builders;
using Testcontainers.PostgreSql;

namespace CustomerHealth.Testing;

/// <summary>Whether a Docker engine answers; asked once per process because the answer does not change.</summary>
internal static class DockerAvailability
{
    private static readonly Lazy<bool> Answer = new(Probe);

    public static bool IsAvailable => Answer.Value;

    private static bool Probe()
    {
        try
        {
            // Building (not starting) a container resolves the engine; without one this throws in milliseconds.
            _ = new PostgreSqlBuilder("postgres:15-alpine").Build();
            return true;
        }
        catch (DockerUnavailableException)
        {
            return false;
        }
    }
}
