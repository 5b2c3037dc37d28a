namespace CustomerHealth.Billing.RecordingRevenue;

/// <summary>Domain event on the account's billing stream.</summary>
public sealed record RevenueEventRecorded(
    string EventId,
    string Kind,
    long MrrMinor,
    string Currency,
    DateTimeOffset OccurredAt,
    string Plan,
    string Source,
    DateTimeOffset RecordedAt);
