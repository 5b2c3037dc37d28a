using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace CustomerHealth.ServiceDefaults.Grpc;

/// <summary>
/// RESOURCE_EXHAUSTED for a request over a size limit, naming the limit. The google.rpc.ErrorInfo
/// reason tells it apart from rate limiting, so REST answers 413 rather than 429.
/// </summary>
public static class RequestTooLarge
{
    public const string Reason = "REQUEST_TOO_LARGE";
    public const string Domain = "customerhealth";

    public static RpcException Exception(string what, long limit, long actual)
    {
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.ResourceExhausted,
            Message = $"Too large: at most {limit:N0} {what} per request (got {actual:N0}). Split it and send the parts.",
            Details =
            {
                Any.Pack(new ErrorInfo
                {
                    Reason = Reason,
                    Domain = Domain,
                    Metadata = { ["limit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture), ["unit"] = what },
                }),
            },
        };
        return status.ToRpcException();
    }

    /// <summary>
    /// A REST body over the server's request body limit. Kestrel stops the read with its own message
    /// (naming the limit in bytes), and JSON transcoding reports every failed read as INVALID_ARGUMENT;
    /// the answer is that the request is too large, not that it is malformed.
    /// </summary>
    public static Google.Rpc.Status? FromBodyOverServerLimit(Google.Rpc.Status? status) =>
        status is { Code: (int)Code.InvalidArgument } && status.Message.StartsWith("Request body too large.", StringComparison.Ordinal)
            ? new Google.Rpc.Status
            {
                Code = (int)Code.ResourceExhausted,
                Message = $"{status.Message} Split it and send the parts.",
                Details = { Any.Pack(new ErrorInfo { Reason = Reason, Domain = Domain, Metadata = { ["unit"] = "request body bytes" } }) },
            }
            : null;

    /// <summary>Ours (ErrorInfo reason) or gRPC's own message-size limit.</summary>
    public static bool Describes(Google.Rpc.Status? status) =>
        status is { Code: (int)Code.ResourceExhausted }
        && (status.Details.Any(d => d.Is(ErrorInfo.Descriptor) && d.Unpack<ErrorInfo>().Reason == Reason)
            || status.Message.Contains("exceeds the maximum", StringComparison.OrdinalIgnoreCase));
}
