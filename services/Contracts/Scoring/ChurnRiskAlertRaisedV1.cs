namespace CustomerHealth.Contracts.Scoring;

/// <summary>Scoring opened a churn-risk alert for an account (one open alert per account and rule).</summary>
/// <param name="Rule">The rule that fired, e.g. "band_fell_to_red", "payment_overdue".</param>
/// <param name="ArrMinor">The account's ARR when raised: what is at risk.</param>
public sealed record ChurnRiskAlertRaisedV1(
    string AlertId,
    string AccountId,
    string Rule,
    string Reason,
    double? Score,
    string? Band,
    long ArrMinor,
    string Currency,
    string? OwnerCsm,
    DateTimeOffset RaisedAt);
