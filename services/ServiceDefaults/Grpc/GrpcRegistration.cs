using Google.Protobuf.Reflection;
using Google.Rpc;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerHealth.ServiceDefaults.Grpc;

/// <summary>Registered by AddGrpcDefaults so MapDefaultEndpoints knows to map the gRPC health and reflection services.</summary>
internal sealed class GrpcDefaultsMarker;

internal static class GrpcRegistration
{
    public static void AddCustomerHealthGrpc(this IServiceCollection services)
    {
        services.AddSingleton<GrpcDefaultsMarker>();
        services.AddGrpc(o =>
        {
            o.Interceptors.Add<RpcStatusForRest>();
            // Ingest batches can be large; the issues name 10,000 events per batch.
            o.MaxReceiveMessageSize = 16 * 1024 * 1024;
        }).AddJsonTranscoding(o =>
            // Error details travel as google.protobuf.Any; REST can only render types it knows.
            o.TypeRegistry = TypeRegistry.FromMessages(BadRequest.Descriptor, ErrorInfo.Descriptor, RetryInfo.Descriptor));
        services.AddGrpcReflection();
        // grpc.health.v1 reports the same checks as /healthz/ready.
        services.AddGrpcHealthChecks();
    }
}
