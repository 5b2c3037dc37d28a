using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace CustomerHealth.Gateway;

/// <summary>
/// YARP answers its own failures (a body over the gateway's limit, a service that cannot be reached)
/// with a bare status. REST clients get RFC 9457 problem details for them, as for the services' own
/// errors; a 413 names the limit. gRPC calls keep the bare status, which gRPC clients map to a code.
/// </summary>
public static class ProxyErrorsAsProblemDetails
{
    public static WebApplication UseProxyErrorsAsProblemDetails(this WebApplication app)
    {
        app.UseStatusCodePages(WriteAsync);
        return app;
    }

    private static async Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        if (http.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
        {
            return;
        }

        var problem = new ProblemDetails
        {
            Status = http.Response.StatusCode,
            Title = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(http.Response.StatusCode),
        };
        if (http.Response.StatusCode == StatusCodes.Status413PayloadTooLarge
            && http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } limit)
        {
            problem.Detail = $"Request body too large: the gateway accepts at most {limit:N0} bytes. Split it and send the parts.";
        }

        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }
}
