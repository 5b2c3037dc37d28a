using CustomerHealth.Billing.Signals;
using CustomerHealth.Contracts.Billing;
using static CustomerHealth.Billing.Tests.Ledger.LedgerEvents;

namespace CustomerHealth.Billing.Tests.Signals;

public class LedgerSignalsTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromDays(14);

    [Fact]
    public void A_failed_and_recovered_invoice_gives_PaymentFailed_then_PaymentRecovered_for_the_same_invoice()
    {
        var failed = Failed("2026-02-01", "in_1", 99_00, due: "2026-01-31");
        var ledger = LedgerOf("a", Started("2026-01-01", 99_00), failed, Recovered("2026-02-03", "in_1", 99_00));

        var signals = LedgerSignals.Derive(ledger, Day("2026-03-01"), Grace, "USD").Select(s => s.Message).ToList();

        var failure = Assert.Single(signals.OfType<PaymentFailedV1>());
        var recovery = Assert.Single(signals.OfType<PaymentRecoveredV1>());
        Assert.Equal(("in_1", 99_00L, Day("2026-01-31")), (failure.InvoiceId, failure.AmountMinor, failure.DueAt));
        Assert.Equal("in_1", recovery.InvoiceId);
        Assert.Empty(signals.OfType<SubscriptionCancelledV1>());
    }

    [Fact]
    public void A_payment_naming_no_invoice_recovers_every_failed_one_under_distinct_ids()
    {
        var payment = Recovered("2026-02-05", null);
        var ledger = LedgerOf("a", Started("2026-01-01", 99_00), Failed("2026-02-01", "in_1"), Failed("2026-02-02", "in_2"), payment);

        var recoveries = LedgerSignals.Derive(ledger, Day("2026-03-01"), Grace, "USD").Select(s => s.Message).OfType<PaymentRecoveredV1>().ToList();

        Assert.Equal(["in_1", "in_2"], recoveries.Select(r => r.InvoiceId).Order());
        Assert.Equal(2, recoveries.Select(r => r.EventId).Distinct().Count());
        Assert.All(recoveries, r => Assert.StartsWith(payment.EventId, r.EventId));
    }

    [Fact]
    public void A_cancellation_reports_reason_effective_date_and_the_MRR_lost()
    {
        var ledger = LedgerOf("a", Started("2026-01-01", 120_00), Cancelled("2026-02-01", effective: "2026-02-28", reason: "too_expensive"));

        var cancelled = Assert.Single(LedgerSignals.Derive(ledger, Day("2026-02-02"), Grace, "USD").Select(s => s.Message).OfType<SubscriptionCancelledV1>());

        Assert.Equal(("too_expensive", new DateOnly(2026, 2, 28), 120_00L, "USD"), (cancelled.Reason, cancelled.EffectiveDate, cancelled.LostMrrMinor, cancelled.Currency));
    }

    [Fact]
    public void Every_MRR_event_gives_RevenueChanged_and_a_renewal_date_gives_RenewalDateChanged()
    {
        var ledger = LedgerOf("a", Started("2026-01-01", 120_00) with { RenewalDate = new DateOnly(2027, 1, 1) }, Changed("2026-02-01", 150_00), Cancelled("2026-03-01"));

        var signals = LedgerSignals.Derive(ledger, Day("2026-04-01"), Grace, "USD").Select(s => s.Message).ToList();

        Assert.Equal([120_00L, 150_00L, 0L], signals.OfType<RevenueChangedV1>().Select(r => r.MrrMinor));
        Assert.Equal(new DateOnly(2027, 1, 1), Assert.Single(signals.OfType<RenewalDateChangedV1>()).RenewalDate);
    }

    [Fact]
    public void Involuntary_churn_signals_appear_once_the_grace_window_has_ended_and_are_marked_as_such()
    {
        var failed = Failed("2026-02-01", "in_1");
        var ledger = LedgerOf("a", Started("2026-01-01", 120_00), failed);

        Assert.DoesNotContain(LedgerSignals.Derive(ledger, Day("2026-02-14"), Grace, "USD"), s => s.InvoluntaryChurn);
        var churn = LedgerSignals.Derive(ledger, Day("2026-02-16"), Grace, "USD").Where(s => s.InvoluntaryChurn).ToList();

        var cancelled = Assert.Single(churn.Select(s => s.Message).OfType<SubscriptionCancelledV1>());
        Assert.Equal((LedgerSignals.InvoluntaryReason, 120_00L, new DateOnly(2026, 2, 15)), (cancelled.Reason, cancelled.LostMrrMinor, cancelled.EffectiveDate));
        Assert.Equal(0, Assert.Single(churn.Select(s => s.Message).OfType<RevenueChangedV1>()).MrrMinor);
    }

    [Fact]
    public void The_signals_do_not_depend_on_delivery_order()
    {
        var events = new[] { Started("2026-01-01", 120_00), Failed("2026-02-01", "in_1"), Recovered("2026-02-20", "in_1"), Changed("2026-03-01", 90_00) };

        var inOrder = LedgerSignals.Derive(LedgerOf("a", events), Day("2026-04-01"), Grace, "USD").Select(s => (s.Key, s.MessageId)).ToList();
        var reversed = LedgerSignals.Derive(LedgerOf("a", [.. events.Reverse()]), Day("2026-04-01"), Grace, "USD").Select(s => (s.Key, s.MessageId)).ToList();

        Assert.Equal(inOrder.OrderBy(k => k.Key), reversed.OrderBy(k => k.Key));
        Assert.Contains(inOrder, s => s.Key.StartsWith("billing/revenue/", StringComparison.Ordinal) && s.Key.EndsWith("/involuntary-churn", StringComparison.Ordinal));
    }
}
