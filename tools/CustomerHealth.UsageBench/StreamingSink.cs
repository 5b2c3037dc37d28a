using CustomerHealth.Usage.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CustomerHealth.UsageBench;

/// <summary>
/// The raw-streaming baseline: the same RecordEvents contract served by a process that only counts
/// the events it reads — what gRPC streaming (through the same gateway) costs without any work.
/// </summary>
internal sealed class StreamingSink : UsageService.UsageServiceBase
{
    public override async Task<RecordEventsResponse> RecordEvents(IAsyncStreamReader<RecordEventsRequest> requestStream, ServerCallContext context)
    {
        long count = 0;
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            count += requestStream.Current.Events.Count;
        }

        return new RecordEventsResponse { Summary = new RecordSummary { Accepted = count } };
    }

    public static async Task<WebApplication> StartAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = 16 * 1024 * 1024);
        var app = builder.Build();
        app.MapGrpcService<StreamingSink>();
        await app.StartAsync();
        return app;
    }
}
