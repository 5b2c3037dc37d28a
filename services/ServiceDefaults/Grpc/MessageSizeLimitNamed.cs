using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CustomerHealth.ServiceDefaults.Grpc;

/// <summary>
/// grpc-dotnet rejects a request message over <see cref="GrpcRegistration.MaxRequestMessageBytes"/>
/// before any service code or interceptor runs, saying only that it "exceeds the maximum configured
/// message size". A client needs the number to split its batch, so the status message is rewritten
/// to name it, wherever grpc-dotnet put the status: the headers of a trailers-only response, or the
/// trailers.
/// </summary>
public sealed class MessageSizeLimitNamed(RequestDelegate next)
{
    private const string GrpcDotnetMessage = "Received message exceeds the maximum configured message size.";
    private static readonly string Named =
        $"A request message may be at most {GrpcRegistration.MaxRequestMessageBytes / (1024 * 1024)} MiB ({GrpcRegistration.MaxRequestMessageBytes:N0} bytes); split it into smaller messages.";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) != true)
        {
            await next(context);
            return;
        }

        context.Response.OnStarting(static state =>
        {
            Rewrite(((HttpContext)state).Response.Headers);
            return Task.CompletedTask;
        }, context);
        await next(context);
        if (context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers is { IsReadOnly: false } trailers)
        {
            Rewrite(trailers);
        }
    }

    private static void Rewrite(IHeaderDictionary headers)
    {
        // 8 is RESOURCE_EXHAUSTED; the text contains no characters the grpc-message header must percent-encode.
        if (headers["grpc-status"] == "8" && headers["grpc-message"] == GrpcDotnetMessage)
        {
            headers["grpc-message"] = Named;
        }
    }
}
