using CustomerHealth.ServiceDefaults.Grpc;
using CustomerHealth.ServiceDefaults.Health;
using CustomerHealth.ServiceDefaults.Rest;
using CustomerHealth.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CustomerHealth.ServiceDefaults;

/// <summary>What every CustomerHealth service shares: logging, telemetry, health, gRPC and REST error shapes.</summary>
public static class ServiceDefaultsExtensions
{
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder, string serviceName)
        where TBuilder : IHostApplicationBuilder
    {
        builder.AddJsonConsoleLogging();
        builder.AddCustomerHealthTelemetry(serviceName);
        builder.Services.AddCustomerHealthHealthChecks();
        builder.Services.AddProblemDetails();
        return builder;
    }

    /// <summary>gRPC with JSON transcoding, reflection and grpc.health.v1, for services that expose RPCs.</summary>
    public static TBuilder AddGrpcDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddCustomerHealthGrpc();
        return builder;
    }

    /// <summary>Health probes (in every environment), gRPC reflection/health and REST problem details.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthEndpoints();
        if (app.Services.GetService<GrpcDefaultsMarker>() is not null)
        {
            app.MapGrpcHealthChecksService();
            app.MapGrpcReflectionService();
        }

        return app;
    }

    /// <summary>
    /// Error answers: on REST, unhandled exceptions and bare status codes become RFC 9457 problem
    /// details; on gRPC, an oversized message's status names the size limit.
    /// </summary>
    public static WebApplication UseErrorResponses(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<TranscodedErrorsAsProblemDetails>();
        app.UseMiddleware<MessageSizeLimitNamed>();
        return app;
    }
}
