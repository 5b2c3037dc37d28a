namespace CustomerHealth.Contracts.Billing;

/// <summary>The churn outcome: a subscription was cancelled (voluntarily, or involuntarily after unrecovered payment failures).</summary>
/// <param name="Reason">Free text or a billing system code, e.g. "too_expensive", "involuntary".</param>
/// <param name="EffectiveDate">The day the subscription ends.</param>
/// <param name="LostMrrMinor">MRR lost with the cancellation.</param>
public sealed record SubscriptionCancelledV1(
    string EventId,
    string AccountId,
    string Reason,
    DateOnly EffectiveDate,
    long LostMrrMinor,
    string Currency,
    DateTimeOffset OccurredAt);
