using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.AspNetCore.Server.Model;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerHealth.ServiceDefaults.Grpc;

/// <summary>Registered by AddGrpcDefaults so MapDefaultEndpoints knows to map the gRPC health and reflection services.</summary>
internal sealed class GrpcDefaultsMarker;

internal static class GrpcRegistration
{
    /// <summary>The largest request message a service accepts; ingest batches can be large (10,000 events per batch).</summary>
    public const int MaxRequestMessageBytes = 16 * 1024 * 1024;

    public static void AddCustomerHealthGrpc(this IServiceCollection services)
    {
        services.AddSingleton<GrpcDefaultsMarker>();
        services.AddGrpc(o =>
        {
            o.Interceptors.Add<RpcStatusForRest>();
            o.MaxReceiveMessageSize = MaxRequestMessageBytes;
        }).AddJsonTranscoding(o =>
            // Error details travel as google.protobuf.Any; REST can only render types it knows.
            o.TypeRegistry = TypeRegistry.FromMessages(BadRequest.Descriptor, ErrorInfo.Descriptor, RetryInfo.Descriptor));
        ReplaceMethodBinder(services);
        services.AddGrpcReflection();
        // grpc.health.v1 reports the same checks as /healthz/ready.
        services.AddGrpcHealthChecks();
    }

    /// <summary>grpc-dotnet's binder (internal, registered by AddGrpc) gives way to one whose parse failures are INVALID_ARGUMENT.</summary>
    private static void ReplaceMethodBinder(IServiceCollection services)
    {
        var binder = services.Single(d => d.ServiceType == typeof(IServiceMethodProvider<>)
            && d.ImplementationType is { Name: "BinderServiceMethodProvider`1" });
        services.Remove(binder);
        services.Add(new Microsoft.Extensions.DependencyInjection.ServiceDescriptor(typeof(IServiceMethodProvider<>), typeof(MalformedRequestsAsInvalidArgument<>), binder.Lifetime));
    }
}
