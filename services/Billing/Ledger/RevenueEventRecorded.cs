using System.Text.Json.Serialization;

namespace CustomerHealth.Billing.Ledger;

/// <summary>
/// Domain event on the account's billing stream: one revenue event as the billing system reported it.
/// The trailing parameters arrived with the full set of kinds; events stored before them read back
/// with the defaults (every older event stated its MRR). <see cref="Grace"/>, <see cref="FailureEventId"/>
/// and <see cref="SettledByEventId"/> belong to the ledger's own decisions (InvoluntaryChurnDecisions).
/// Stored without its absent fields and computed properties: every entry is read and written again
/// with its account's ledger document, so its size is paid on every event of the account.
/// </summary>
public sealed record RevenueEventRecorded(
    string EventId,
    string Kind,
    long MrrMinor,
    string Currency,
    DateTimeOffset OccurredAt,
    string Plan,
    string Source,
    DateTimeOffset RecordedAt,
    bool HasMrr = true,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Quantity = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? EffectiveDate = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? RenewalDate = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? InvoiceId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? AmountMinor = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AmountCurrency = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? DueAt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TimeSpan? Grace = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FailureEventId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SettledByEventId = null)
{
    /// <summary>An entry billing wrote itself (an involuntary-churn decision or its reversal), not a billing system's event.</summary>
    [JsonIgnore]
    public bool IsLedgerDecision => RevenueEventKinds.IsLedgerDecision(Kind);

    /// <summary>
    /// Where the event sits on the account's timeline: a cancellation takes effect at the start of
    /// its effective date (UTC), or when it was reported if that is later; everything else when it occurred.
    /// </summary>
    [JsonIgnore]
    public DateTimeOffset EffectiveAt =>
        Kind == RevenueEventKinds.SubscriptionCancelled && EffectiveDate is { } day
            ? Max(OccurredAt, new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))
            : OccurredAt;

    /// <summary>The MRR the event states, if any; a cancellation without one means nothing is left.</summary>
    public Money? StatedMrr(string fallbackCurrency) =>
        HasMrr ? new Money(MrrMinor, Currency)
        : Kind == RevenueEventKinds.SubscriptionCancelled ? new Money(0, fallbackCurrency)
        : null;

    [JsonIgnore]
    public Money? Amount => AmountMinor is { } minor ? new Money(minor, AmountCurrency ?? Currency) : null;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
