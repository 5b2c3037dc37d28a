namespace CustomerHealth.Billing.RecordingRevenue;

/// <summary>The answer body Dapr reads from a pub/sub subscriber (its "status" decides ack, retry or drop).</summary>
public static class DaprStatus
{
    public static IResult Success(bool duplicate) => Results.Ok(new { status = "SUCCESS", duplicate });

    public static IResult Retry(string reason) => Results.Ok(new { status = "RETRY", reason });

    public static IResult Drop(string reason) => Results.Ok(new { status = "DROP", reason });
}
