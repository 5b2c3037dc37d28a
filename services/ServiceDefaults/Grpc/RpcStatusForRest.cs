using CustomerHealth.ServiceDefaults.Resilience;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CustomerHealth.ServiceDefaults.Grpc;

/// <summary>
/// Turns a database or network outage into UNAVAILABLE (REST 503: retry later) rather than an
/// internal error, and keeps the rich google.rpc.Status of a failed call in the HTTP context so a
/// REST call (JSON transcoding) can answer with problem details that name the offending fields.
/// </summary>
public sealed class RpcStatusForRest : Interceptor
{
    public const string HttpContextItemKey = "customerhealth.rpc-status";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (RpcException ex)
        {
            Remember(context, ex);
            throw;
        }
        catch (Exception ex) when (TransientFailure.IsTransient(ex))
        {
            var unavailable = new RpcException(new Status(StatusCode.Unavailable, "A backing store is unavailable; retry later."));
            Remember(context, unavailable);
            throw unavailable;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception ex) when (ex is not RpcException && TransientFailure.IsTransient(ex))
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "A backing store is unavailable; retry later."));
        }
    }

    private static void Remember(ServerCallContext context, RpcException ex) =>
        context.GetHttpContext().Items[HttpContextItemKey] = ex.GetRpcStatus() ?? new Google.Rpc.Status
        {
            Code = (int)ex.StatusCode,
            Message = ex.Status.Detail,
        };
}
