namespace CustomerHealth.Contracts.Billing;

/// <summary>
/// A billing system reported a change to an account's recurring revenue (published by billing).
/// </summary>
/// <param name="EventId">The billing event id; consumers deduplicate on it.</param>
/// <param name="Kind">subscription_started, subscription_changed, subscription_cancelled, invoice_paid or payment_failed.</param>
/// <param name="MrrMinor">Monthly recurring revenue after the event, in minor units of <paramref name="Currency"/>.</param>
public sealed record RevenueChangedV1(
    string EventId,
    string AccountId,
    string Kind,
    long MrrMinor,
    string Currency,
    DateTimeOffset OccurredAt,
    string Plan,
    string Source,
    DateTimeOffset RecordedAt);
