namespace CustomerHealth.Contracts.Billing;

/// <summary>The account's next renewal date was set or moved.</summary>
public sealed record RenewalDateChangedV1(
    string EventId,
    string AccountId,
    DateOnly RenewalDate,
    DateTimeOffset OccurredAt);
