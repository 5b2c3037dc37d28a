namespace CustomerHealth.Contracts.Billing;

/// <summary>
/// A billing system reported a change to an account's recurring revenue (published by billing).
/// </summary>
/// <param name="EventId">The billing event id; consumers deduplicate on it.</param>
/// <param name="Kind">
/// The billing event kind that changed the MRR: subscription_started, subscription_changed,
/// subscription_reactivated and trial_converted (which always state it); subscription_cancelled
/// (MRR 0 unless it states one); any other reported kind (trial_started, invoice_paid,
/// payment_failed, payment_recovered, invoice_overdue, refund, renewal_scheduled) when it states an
/// MRR; invoice_paid or payment_recovered carrying the MRR restored when a payment after the grace
/// window ends an involuntary churn. And two kinds billing decides itself: involuntary_churn (MRR 0
/// when a payment failure stays unrecovered through the grace window; EventId
/// "{failure event id}/involuntary-churn", OccurredAt the window's end) and
/// involuntary_churn_reversed (the MRR restored when a payment dated inside the window arrived after
/// that churn; EventId "{failure event id}/involuntary-churn-reversed", OccurredAt the same as the
/// churn it undoes, so the latest MRR by OccurredAt, ties broken by event id, is the restored one).
/// </param>
/// <param name="MrrMinor">Monthly recurring revenue after the event, in minor units of <paramref name="Currency"/>.</param>
public sealed record RevenueChangedV1(
    string EventId,
    string AccountId,
    string Kind,
    long MrrMinor,
    string Currency,
    DateTimeOffset OccurredAt,
    string Plan,
    string Source,
    DateTimeOffset RecordedAt);
