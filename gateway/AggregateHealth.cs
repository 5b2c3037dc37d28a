using System.Text.Json;
using Yarp.ReverseProxy;

namespace CustomerHealth.Gateway;

/// <summary>
/// GET /healthz: the readiness of every service behind the gateway in one answer. A cluster takes
/// part when its configuration carries Metadata.HealthService; 200 when all are ready (Healthy or
/// Degraded), 503 otherwise, with each service's own report.
/// </summary>
public static class AggregateHealth
{
    public const string HttpClientName = "aggregate-health";

    public static async Task<IResult> HandleAsync(IProxyStateLookup proxy, IHttpClientFactory clients, CancellationToken ct)
    {
        var client = clients.CreateClient(HttpClientName);
        var targets = proxy.GetClusters()
            .Where(c => c.Model.Config.Metadata?.ContainsKey("HealthService") == true)
            .Select(c => (Service: c.Model.Config.Metadata!["HealthService"], Address: c.Model.Config.Destinations?.Values.FirstOrDefault()?.Address))
            .Where(t => t.Address is not null)
            .ToList();
        var reports = await Task.WhenAll(targets.Select(t => ProbeAsync(client, t.Service, t.Address!, ct)));
        var ready = reports.All(r => r.Ready);
        var body = new
        {
            status = ready ? "Healthy" : "Unhealthy",
            services = reports.ToDictionary(r => r.Service, r => new { r.Ready, r.HttpStatus, r.Report }),
        };
        return Results.Json(body, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<ServiceReadiness> ProbeAsync(HttpClient client, string service, string address, CancellationToken ct)
    {
        try
        {
            using var response = await client.GetAsync(new Uri(new Uri(address), "healthz/ready"), ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            JsonElement? report = null;
            try
            {
                report = JsonDocument.Parse(text).RootElement.Clone();
            }
            catch (JsonException)
            {
                // A non-JSON answer still tells ready or not by its status code.
            }

            return new ServiceReadiness(service, response.IsSuccessStatusCode, (int)response.StatusCode, report);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return new ServiceReadiness(service, false, null, JsonSerializer.SerializeToElement(new { error = ex.Message }));
        }
    }

    private sealed record ServiceReadiness(string Service, bool Ready, int? HttpStatus, JsonElement? Report);
}
