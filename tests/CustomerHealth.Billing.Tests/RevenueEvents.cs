using CustomerHealth.Billing.V1;
using CustomerHealth.Common.V1;
using Google.Protobuf.WellKnownTypes;

namespace CustomerHealth.Billing.Tests;

/// <summary>Valid revenue events to start from; tests change one thing at a time.</summary>
public static class RevenueEvents
{
    public static RecordRevenueEventRequest Valid(string? eventId = null, string? accountId = null, long mrrMinor = 99_00) => new()
    {
        EventId = eventId ?? "evt-" + Guid.NewGuid().ToString("N"),
        AccountId = accountId ?? "acct-" + Guid.NewGuid().ToString("N")[..12],
        Kind = "subscription_started",
        Mrr = new Money { AmountMinor = mrrMinor, Currency = "USD" },
        OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1)),
        Plan = "growth",
        Source = "stripe",
    };

    /// <summary>Turns a valid subscription_started request into a valid request of <paramref name="kind"/>.</summary>
    public static RecordRevenueEventRequest MakeKind(RecordRevenueEventRequest r, string kind)
    {
        r.Kind = kind;
        switch (kind)
        {
            case "trial_started":
                r.Mrr = null;
                break;
            case "subscription_cancelled":
                r.Mrr = null;
                r.Reason = "too_expensive";
                r.EffectiveDate = r.OccurredAt.ToDateTimeOffset().AddDays(30).ToString("yyyy-MM-dd");
                break;
            case "renewal_scheduled":
                r.Mrr = null;
                r.RenewalDate = r.OccurredAt.ToDateTimeOffset().AddYears(1).ToString("yyyy-MM-dd");
                break;
            case "invoice_paid" or "payment_failed" or "payment_recovered" or "invoice_overdue" or "refund":
                r.Mrr = null;
                r.InvoiceId = "in_" + r.EventId;
                r.Amount = new Money { AmountMinor = 99_00, Currency = "USD" };
                break;
        }

        return r;
    }

    /// <summary>The REST (JSON transcoding) body for a request, with snake_case names as billing systems send them.</summary>
    public static object AsJson(RecordRevenueEventRequest r) => new
    {
        event_id = r.EventId,
        account_id = r.AccountId,
        kind = r.Kind,
        mrr = new { amount_minor = r.Mrr.AmountMinor, currency = r.Mrr.Currency },
        occurred_at = r.OccurredAt.ToDateTimeOffset().ToString("O"),
        plan = r.Plan,
        source = r.Source,
    };
}
