namespace CustomerHealth.Billing.RecordingRevenue;

/// <summary>One accepted revenue event, keyed by its event id: the idempotency record (<see cref="RecordedRevenueEvents"/>).</summary>
public sealed record RecordedRevenueEvent(
    string EventId,
    string AccountId,
    string Fingerprint,
    DateTimeOffset RecordedAt);
