using Microsoft.Extensions.Configuration;

namespace CustomerHealth.ServiceDefaults;

public static class ConfigurationExtensions
{
    /// <summary>A connection string that must be set; fails start-up naming the setting and its variable.</summary>
    public static string GetRequiredConnectionString(this IConfiguration configuration, string name)
    {
        var value = configuration.GetConnectionString(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{name} is not set (environment variable ConnectionStrings__{name}).");
        }

        return value;
    }
}
