using System.Reflection;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;

namespace CustomerHealth.ServiceDefaults.Grpc;

/// <summary>
/// Binds a service's methods as grpc-dotnet's own binder does, but with request deserializers that
/// turn bytes no protobuf parser accepts into INVALID_ARGUMENT naming the expected message.
/// grpc-dotnet reads a unary request before any interceptor runs, and answers a parse failure with
/// UNKNOWN ("exception was thrown by handler"), which tells the client it is the server's fault.
/// Registered in place of grpc-dotnet's binder for every service (<see cref="GrpcRegistration"/>).
/// </summary>
internal sealed class MalformedRequestsAsInvalidArgument<TService> : IServiceMethodProvider<TService>
    where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        // Generated service bases carry [BindServiceMethod(typeof(Xxx), "BindService")].
        var bind = typeof(TService).GetCustomAttribute<BindServiceMethodAttribute>(inherit: true);
        var bindMethod = bind?.BindType
            .GetMethods(BindingFlags.Public | BindingFlags.Static)
            .SingleOrDefault(m => m.Name == bind.BindMethodName && m.GetParameters() is [{ ParameterType: var b }, _] && b == typeof(ServiceBinderBase));
        if (bindMethod is null)
        {
            return;
        }

        var serviceBase = bindMethod.GetParameters()[1].ParameterType;
        bindMethod.Invoke(null, [new Binder(context, serviceBase), null]);
    }

    private sealed class Binder(ServiceMethodProviderContext<TService> context, Type serviceBase) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Handler<UnaryServerMethod<TService, TRequest, TResponse>>(method.Name, typeof(TRequest), typeof(ServerCallContext));
            context.AddUnaryMethod(Checked(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Handler<ClientStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext));
            context.AddClientStreamingMethod(Checked(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Handler<ServerStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddServerStreamingMethod(Checked(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Handler<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddDuplexStreamingMethod(Checked(method), metadata, invoker);
        }

        private static Method<TRequest, TResponse> Checked<TRequest, TResponse>(Method<TRequest, TResponse> method)
        {
            var parse = method.RequestMarshaller.ContextualDeserializer;
            var expected = typeof(IMessage).IsAssignableFrom(typeof(TRequest)) && Activator.CreateInstance(typeof(TRequest)) is IMessage m
                ? m.Descriptor.FullName
                : typeof(TRequest).Name;
            var request = Marshallers.Create(method.RequestMarshaller.ContextualSerializer, c =>
            {
                try
                {
                    return parse(c);
                }
                catch (InvalidProtocolBufferException ex)
                {
                    throw new RpcException(new Status(StatusCode.InvalidArgument, $"The request is not a valid {expected} message: {ex.Message}"));
                }
            });
            return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, request, method.ResponseMarshaller);
        }

        /// <summary>The service's override of the generated base method, as an open-instance delegate, and its endpoint metadata.</summary>
        private (TDelegate Invoker, List<object> Metadata) Handler<TDelegate>(string name, params Type[] parameters)
            where TDelegate : Delegate
        {
            var method = ImplementationOf(name, parameters)
                ?? throw new InvalidOperationException($"{typeof(TService)} does not implement {name}.");
            // Service attributes first, the method's last so they win, as grpc-dotnet orders them.
            List<object> metadata = [.. typeof(TService).GetCustomAttributes(inherit: true), .. method.GetCustomAttributes(inherit: true)];
            metadata.Add(new HttpMethodMetadata(["POST"], acceptCorsPreflight: true));
            return ((TDelegate)Delegate.CreateDelegate(typeof(TDelegate), method), metadata);
        }

        private MethodInfo? ImplementationOf(string name, Type[] parameters)
        {
            // A method hiding the base one with `new` is not the implementation; keep looking below it.
            for (var type = typeof(TService); type is not null; type = type.BaseType)
            {
                var candidate = type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance, null, parameters, null);
                if (candidate is null)
                {
                    return null;
                }

                if (candidate.IsVirtual && candidate.GetBaseDefinition().DeclaringType == serviceBase)
                {
                    return candidate;
                }
            }

            return null;
        }
    }
}
