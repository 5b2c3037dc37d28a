namespace CustomerHealth.Scoring.ReceivingSignals;

/// <summary>Billing reported a revenue change for the account (domain event on the account stream).</summary>
public sealed record RevenueRecorded(
    string SourceEventId,
    string Kind,
    long MrrMinor,
    string Currency,
    DateTimeOffset OccurredAt,
    string Plan,
    string Source,
    DateTimeOffset ReceivedAt);
