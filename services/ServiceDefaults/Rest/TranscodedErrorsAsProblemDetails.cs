using System.Text.Json;
using CustomerHealth.ServiceDefaults.Grpc;
using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace CustomerHealth.ServiceDefaults.Rest;

/// <summary>
/// JSON transcoding answers a failed REST call with a google.rpc.Status body. REST clients expect
/// RFC 9457 problem details, so error bodies on /api are captured and rewritten; successful
/// responses stream through untouched.
/// </summary>
public sealed class TranscodedErrorsAsProblemDetails(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }

        var originalBody = context.Features.Get<IHttpResponseBodyFeature>()!;
        var capture = new ErrorBodyCapture(context, originalBody.Stream);
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(capture, originalBody));
        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set(originalBody);
        }

        if (capture.Captured is { } captured)
        {
            await WriteProblemAsync(context, captured);
        }
        else if (context.Response.StatusCode >= 400 && !context.Response.HasStarted)
        {
            await WriteProblemAsync(context, []);
        }
    }

    private static async Task WriteProblemAsync(HttpContext context, byte[] errorBody)
    {
        var status = context.Items[RpcStatusForRest.HttpContextItemKey] as Google.Rpc.Status ?? ParseStatus(errorBody);
        status = RequestTooLarge.FromBodyOverServerLimit(status) ?? status;
        if (RequestTooLarge.Describes(status))
        {
            // Transcoding maps RESOURCE_EXHAUSTED to 429 (slow down); an oversized request needs splitting instead.
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        }

        var problem = ProblemFor(context, status);
        context.Response.Headers.ContentLength = null;
        context.Response.ContentType = "application/problem+json";
        await JsonSerializer.SerializeAsync(context.Response.Body, problem, problem.GetType(), cancellationToken: context.RequestAborted);
    }

    private static ProblemDetails ProblemFor(HttpContext context, Google.Rpc.Status? status)
    {
        var httpStatus = context.Response.StatusCode;
        var violations = status?.Details
            .Where(d => d.Is(BadRequest.Descriptor))
            .SelectMany(d => d.Unpack<BadRequest>().FieldViolations)
            .ToList() ?? [];

        ProblemDetails problem = violations.Count > 0
            ? new ValidationProblemDetails(violations
                .GroupBy(v => v.Field)
                .ToDictionary(g => g.Key, g => g.Select(v => v.Description).ToArray()))
            : new ProblemDetails();
        problem.Status = httpStatus;
        problem.Title = TitleFor(status, httpStatus);
        problem.Detail = status?.Message;
        problem.Type = $"https://httpwg.org/specs/rfc9110.html#status.{httpStatus}";
        problem.Instance = context.Request.Path;
        if (status is not null)
        {
            problem.Extensions["grpc_status"] = ((StatusCode)status.Code).ToString();
        }

        return problem;
    }

    private static string TitleFor(Google.Rpc.Status? status, int httpStatus) => status?.Code switch
    {
        (int)StatusCode.InvalidArgument => "The request has invalid fields.",
        (int)StatusCode.NotFound => "Not found.",
        (int)StatusCode.AlreadyExists => "Conflicts with an existing resource.",
        (int)StatusCode.ResourceExhausted => "Request too large.",
        (int)StatusCode.Unavailable => "Temporarily unavailable; retry later.",
        (int)StatusCode.FailedPrecondition => "The resource is not in a state that allows this.",
        _ => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(httpStatus),
    };

    /// <summary>Falls back to the transcoded google.rpc.Status JSON when the interceptor did not see the call.</summary>
    private static Google.Rpc.Status? ParseStatus(byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            return new Google.Rpc.Status
            {
                Code = root.TryGetProperty("code", out var code) && code.TryGetInt32(out var c) ? c : 0,
                Message = root.TryGetProperty("message", out var message) ? message.GetString() ?? "" : "",
            };
        }
        catch (JsonException)
        {
            return new Google.Rpc.Status { Message = System.Text.Encoding.UTF8.GetString(body) };
        }
    }
}
