using System.Text.Json;

namespace CustomerHealth.Testing;

/// <summary>
/// A service is ready ("can serve") while its broker connection is still coming up (Degraded), and a
/// message published before its consumers have bound their queues goes nowhere. Tests that publish
/// right after starting a process wait for the readiness report's rabbitmq check to be Healthy.
/// </summary>
public static class BrokerReadiness
{
    public static async Task WaitAsync(Uri readinessUrl, string service)
    {
        using var http = new HttpClient();
        await Eventually.MatchesAsync(
            () => http.GetStringAsync(readinessUrl),
            // A service without a broker has no rabbitmq check and nothing to wait for.
            body => !JsonDocument.Parse(body).RootElement.GetProperty("checks").TryGetProperty("rabbitmq", out var check)
                    || check.GetProperty("status").GetString() == "Healthy",
            $"{service}'s consumers to be bound and receiving");
    }
}
