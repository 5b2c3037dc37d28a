using CustomerHealth.Billing.Ledger;

namespace CustomerHealth.Billing.RecordingRevenue;

/// <summary>A validated revenue event, as every ingress path (gRPC, REST, Dapr) hands it to the recorder.</summary>
/// <param name="HasMrr">Whether the event stated an MRR (<see cref="MrrMinor"/> and <see cref="Currency"/> are empty otherwise).</param>
public sealed record RecordRevenueEvent(
    string EventId,
    string AccountId,
    string Kind,
    long MrrMinor,
    string Currency,
    DateTimeOffset OccurredAt,
    string Plan,
    string Source,
    bool HasMrr = true,
    int? Quantity = null,
    string? Reason = null,
    DateOnly? EffectiveDate = null,
    DateOnly? RenewalDate = null,
    string? InvoiceId = null,
    long? AmountMinor = null,
    string? AmountCurrency = null,
    DateTimeOffset? DueAt = null)
{
    /// <summary>
    /// Identifies the payload, to tell a harmless redelivery from a conflicting reuse of an event id.
    /// The fields of the first five kinds come first, so their fingerprints are the ones stored before
    /// the other fields existed.
    /// </summary>
    public string Fingerprint()
    {
        var text = string.Join('\u001f', EventId, AccountId, Kind, HasMrr ? MrrMinor : "", Currency, OccurredAt.ToUnixTimeMilliseconds(), Plan, Source);
        var extra = string.Join('\u001f', Quantity, Reason, EffectiveDate?.ToString("O"), RenewalDate?.ToString("O"), InvoiceId, AmountMinor, AmountCurrency, DueAt?.ToUnixTimeMilliseconds());
        if (extra.Any(c => c != '\u001f'))
        {
            text += '\u001e' + extra;
        }

        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    public RevenueEventRecorded ToLedgerEvent(DateTimeOffset recordedAt) => new(
        EventId, Kind, MrrMinor, Currency, OccurredAt, Plan, Source, recordedAt,
        HasMrr, Quantity, Reason, EffectiveDate, RenewalDate, InvoiceId, AmountMinor, AmountCurrency, DueAt);
}
