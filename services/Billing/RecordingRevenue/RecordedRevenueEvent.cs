namespace CustomerHealth.Billing.RecordingRevenue;

/// <summary>One accepted revenue event, keyed by its event id: the idempotency record.</summary>
public sealed record RecordedRevenueEvent(
    string Id,
    string AccountId,
    string Fingerprint,
    DateTimeOffset RecordedAt);
