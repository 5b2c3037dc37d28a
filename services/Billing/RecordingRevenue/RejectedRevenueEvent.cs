namespace CustomerHealth.Billing.RecordingRevenue;

/// <summary>An event that was dropped as invalid or conflicting, kept with the reason for later inspection.</summary>
public sealed record RejectedRevenueEvent(
    Guid Id,
    string Channel,
    string? EventId,
    string Reason,
    string Payload,
    DateTimeOffset RejectedAt);
