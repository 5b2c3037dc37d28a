namespace CustomerHealth.Contracts.Billing;

/// <summary>A previously failed invoice was paid. Published by billing.</summary>
public sealed record PaymentRecoveredV1(
    string EventId,
    string AccountId,
    string InvoiceId,
    long AmountMinor,
    string Currency,
    DateTimeOffset OccurredAt);
