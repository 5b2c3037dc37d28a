namespace CustomerHealth.Billing.Rejections;

/// <summary>
/// The dead-letter record of an event that was dropped (invalid, not a CloudEvent, or a conflicting
/// redelivery), kept with the reason and the payload as received for inspection and replay.
/// </summary>
/// <param name="AccountId">The account the payload named, when it could be read.</param>
/// <param name="Source">The CloudEvent source, when there was one.</param>
public sealed record RejectedRevenueEvent(
    Guid Id,
    string Channel,
    string? EventId,
    string Reason,
    string Payload,
    DateTimeOffset RejectedAt,
    string? AccountId = null,
    string? Source = null);
