using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerHealth.ServiceDefaults.Health;

internal static class HealthRegistration
{
    /// <summary>Checks that gate traffic carry this tag; liveness runs none of them.</summary>
    public const string ReadyTag = "ready";

    public static void AddCustomerHealthHealthChecks(this IServiceCollection services) => services.AddHealthChecks();

    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        // Liveness only says the process answers: restarting it would not fix a database outage.
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });
    }
}
