namespace CustomerHealth.Contracts.Billing;

/// <summary>A payment attempt failed (dunning starts). Published by billing.</summary>
/// <param name="EventId">The billing event id; consumers deduplicate on it.</param>
/// <param name="InvoiceId">The invoice that could not be paid; a later PaymentRecoveredV1 names the same one.</param>
/// <param name="DueAt">When the invoice was due; days overdue count from here until it is recovered.</param>
public sealed record PaymentFailedV1(
    string EventId,
    string AccountId,
    string InvoiceId,
    long AmountMinor,
    string Currency,
    DateTimeOffset DueAt,
    DateTimeOffset OccurredAt);
