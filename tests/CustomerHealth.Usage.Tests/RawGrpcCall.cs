using CustomerHealth.Usage.V1;
using Grpc.Core;

namespace CustomerHealth.Usage.Tests;

/// <summary>
/// Calls the usage service with request bytes of the caller's choosing, which a generated client
/// cannot send: how a broken or foreign client's message reaches the server.
/// </summary>
public static class RawGrpcCall
{
    /// <summary>Field 1 (length-delimited) announcing 2 GiB that never follow: no protobuf parser accepts it.</summary>
    public static readonly byte[] Truncated = [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x01];

    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    public static Task<byte[]> UnaryAsync(CallInvoker invoker, string method, byte[] request) =>
        invoker.AsyncUnaryCall(Method(MethodType.Unary, method), null, default, request).ResponseAsync;

    public static async Task<byte[]> ClientStreamingAsync(CallInvoker invoker, string method, params byte[][] messages)
    {
        using var call = invoker.AsyncClientStreamingCall(Method(MethodType.ClientStreaming, method), null, default);
        try
        {
            foreach (var message in messages)
            {
                await call.RequestStream.WriteAsync(message);
            }

            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The server may end the call before the client has finished writing; its status follows.
        }

        return await call.ResponseAsync;
    }

    private static Method<byte[], byte[]> Method(MethodType type, string name) =>
        new(type, UsageService.Descriptor.FullName, name, Bytes, Bytes);
}
