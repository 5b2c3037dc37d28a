using CustomerHealth.Billing.Ledger;

namespace CustomerHealth.Billing.Tests.Ledger;

/// <summary>Ledger events for worked examples: dates as "yyyy-MM-dd" (noon UTC), money in USD cents unless said.</summary>
public static class LedgerEvents
{
    private static int _sequence;

    public static DateTimeOffset Day(string day) => DateTimeOffset.Parse(day + "T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    public static RevenueEventRecorded Mrr(string kind, string day, long mrr, string currency = "USD", string plan = "") =>
        new(Id(), kind, mrr, currency, Day(day), plan, "test", Day(day));

    public static RevenueEventRecorded Started(string day, long mrr, string currency = "USD") => Mrr(RevenueEventKinds.SubscriptionStarted, day, mrr, currency);

    public static RevenueEventRecorded Changed(string day, long mrr) => Mrr(RevenueEventKinds.SubscriptionChanged, day, mrr);

    public static RevenueEventRecorded Reactivated(string day, long mrr) => Mrr(RevenueEventKinds.SubscriptionReactivated, day, mrr);

    public static RevenueEventRecorded Converted(string day, long mrr) => Mrr(RevenueEventKinds.TrialConverted, day, mrr);

    public static RevenueEventRecorded Cancelled(string day, string? effective = null, string reason = "too_expensive") =>
        Without(RevenueEventKinds.SubscriptionCancelled, day) with
        {
            Reason = reason,
            EffectiveDate = effective is null ? null : DateOnly.ParseExact(effective, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        };

    public static RevenueEventRecorded TrialStarted(string day) => Without(RevenueEventKinds.TrialStarted, day);

    public static RevenueEventRecorded Failed(string day, string invoice, long amount = 100_00, string? due = null) =>
        Without(RevenueEventKinds.PaymentFailed, day) with { InvoiceId = invoice, AmountMinor = amount, AmountCurrency = "USD", DueAt = due is null ? null : Day(due) };

    public static RevenueEventRecorded Overdue(string day, string invoice, string due) =>
        Without(RevenueEventKinds.InvoiceOverdue, day) with { InvoiceId = invoice, DueAt = Day(due) };

    public static RevenueEventRecorded Recovered(string day, string? invoice, long amount = 100_00) =>
        Without(RevenueEventKinds.PaymentRecovered, day) with { InvoiceId = invoice, AmountMinor = amount, AmountCurrency = "USD" };

    public static RevenueEventRecorded Paid(string day, string? invoice) => Without(RevenueEventKinds.InvoicePaid, day) with { InvoiceId = invoice };

    public static RevenueEventRecorded Refund(string day, string invoice, long amount) =>
        Without(RevenueEventKinds.Refund, day) with { InvoiceId = invoice, AmountMinor = amount, AmountCurrency = "USD" };

    public static RevenueEventRecorded Renewal(string day, string renewal) =>
        Without(RevenueEventKinds.RenewalScheduled, day) with { RenewalDate = DateOnly.ParseExact(renewal, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) };

    public static RevenueLedger LedgerOf(string account, params RevenueEventRecorded[] events) => RevenueLedger.Empty(account).WithAll(events);

    private static RevenueEventRecorded Without(string kind, string day) => new(Id(), kind, 0, "", Day(day), "", "test", Day(day), HasMrr: false);

    private static string Id() => $"e{Interlocked.Increment(ref _sequence):D6}";
}
