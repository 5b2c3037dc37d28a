using CustomerHealth.Billing.Ledger;
using CustomerHealth.Billing.Reporting;
using static CustomerHealth.Billing.Tests.Ledger.LedgerEvents;

namespace CustomerHealth.Billing.Tests.Ledger;

public class AccountTimelineTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromDays(14);

    private static AccountTimeline AsOf(RevenueLedger ledger, string day) =>
        AccountTimeline.Build(ledger.Entries, TimelineOptions.AsOf(Day(day), Grace, "USD"));

    [Fact]
    public void Events_delivered_in_any_order_give_the_same_ledger_and_state()
    {
        RevenueEventRecorded[] events =
        [
            Started("2026-01-10", 100_00), Changed("2026-02-05", 150_00), Failed("2026-02-10", "in_1"),
            Recovered("2026-02-12", "in_1"), Renewal("2026-02-13", "2027-01-10"), Changed("2026-03-01", 90_00),
            Cancelled("2026-03-20"), Reactivated("2026-04-02", 120_00),
        ];
        var inOrder = LedgerOf("a", events);

        foreach (var seed in Enumerable.Range(1, 20))
        {
            var shuffled = events.OrderBy(_ => new Random(seed).Next()).ToArray();
            var random = new Random(seed);
            var delivered = events.OrderBy(_ => random.Next()).Concat(events.Take(3)).ToArray(); // with redeliveries
            var ledger = LedgerOf("a", delivered);

            Assert.Equal(inOrder.Entries.Select(e => e.EventId), ledger.Entries.Select(e => e.EventId));
            Assert.Equal(AsOf(inOrder, "2026-05-01").Points, AsOf(ledger, "2026-05-01").Points);
            Assert.Equal(shuffled.Length, ledger.Entries.Count);
        }
    }

    [Fact]
    public void A_late_event_takes_its_place_in_history_without_replacing_newer_MRR()
    {
        var ledger = LedgerOf("a", Started("2026-01-10", 100_00), Changed("2026-03-01", 300_00));

        var withLate = ledger.With(Changed("2026-02-01", 200_00));

        var timeline = AsOf(withLate, "2026-04-01");
        Assert.Equal(300_00, timeline.Mrr.Minor);
        Assert.Equal([100_00, 200_00, 300_00], timeline.Points.Select(p => p.Mrr.Minor));
        Assert.Equal(200_00, timeline.MrrAt(Day("2026-02-15")).Minor);
    }

    [Fact]
    public void Plan_quantity_and_renewal_date_come_from_the_latest_events_that_state_them()
    {
        var started = Started("2026-01-10", 100_00) with { Plan = "growth", Quantity = 10, RenewalDate = new DateOnly(2027, 1, 10) };
        var changed = Changed("2026-02-01", 150_00) with { Plan = "scale", Quantity = 15 };

        var timeline = AsOf(LedgerOf("a", changed, Renewal("2026-03-01", "2027-02-01"), started), "2026-04-01");

        Assert.Equal("scale", timeline.Plan);
        Assert.Equal(15, timeline.Quantity);
        Assert.Equal(new DateOnly(2027, 2, 1), timeline.RenewalDate);
    }

    [Fact]
    public void A_cancellation_keeps_the_MRR_until_its_effective_date()
    {
        var ledger = LedgerOf("a", Started("2026-01-10", 100_00), Cancelled("2026-03-10", effective: "2026-04-01"));

        Assert.Equal(100_00, AsOf(ledger, "2026-03-31").Mrr.Minor);
        Assert.Equal(0, AsOf(ledger, "2026-04-02").Mrr.Minor);
        Assert.Equal(Day("2026-04-01").AddHours(-12), AsOf(ledger, "2026-04-02").Points[^1].At);
    }

    [Fact]
    public void A_cancellation_stating_the_remaining_MRR_is_a_contraction_not_a_churn()
    {
        var partial = Cancelled("2026-02-01") with { HasMrr = true, MrrMinor = 40_00, Currency = "USD" };

        var timeline = AsOf(LedgerOf("a", Started("2026-01-10", 100_00), partial), "2026-03-01");

        Assert.Equal(40_00, timeline.Mrr.Minor);
    }

    [Fact]
    public void Payment_status_counts_days_overdue_from_the_oldest_unpaid_due_date_and_failures_in_90_days()
    {
        var ledger = LedgerOf("a",
            Started("2025-10-01", 100_00),
            Failed("2025-11-05", "in_old"), Recovered("2025-11-07", "in_old"),
            Failed("2026-03-02", "in_1", due: "2026-03-01"), Failed("2026-03-05", "in_1"),
            Overdue("2026-03-03", "in_2", due: "2026-02-25"));
        var timeline = AsOf(ledger, "2026-03-10");

        var payment = AccountRevenueView.From(ledger, timeline, Day("2026-03-10"), Grace, new ReportingCurrency("USD", new Dictionary<string, decimal>())).Payment;

        Assert.Equal(13, payment.DaysOverdue); // since in_2 was due on 25 Feb
        Assert.Equal(2, payment.Failures90D); // in_1 twice; in_old is older than 90 days
        Assert.Equal(["in_2", "in_1"], payment.Outstanding.Select(i => i.InvoiceId));
        Assert.Equal(2, payment.Outstanding.Single(i => i.InvoiceId == "in_1").FailedAttempts);
        Assert.Equal(Day("2026-03-16"), payment.InvoluntaryChurnAt.ToDateTimeOffset()); // in_1 first failed 2 Mar + 14 days
        Assert.Equal("past_due", AccountRevenueView.StatusOf(timeline));
    }

    [Fact]
    public void Refunds_in_the_last_90_days_are_counted_and_summed_and_leave_the_MRR_and_its_history_alone()
    {
        var ledger = LedgerOf("a",
            Started("2025-10-01", 100_00),
            Refund("2025-11-20", "in_old", 90_00),
            Refund("2026-02-10", "in_1", 25_00), Refund("2026-03-01", "in_2", 10_50));
        var timeline = AsOf(ledger, "2026-03-10");

        var revenue = AccountRevenueView.From(ledger, timeline, Day("2026-03-10"), Grace, new ReportingCurrency("USD", new Dictionary<string, decimal>()));

        Assert.Equal(2, revenue.Payment.Refunds90D); // the November refund is older than 90 days
        Assert.Equal((35_50, "USD"), (revenue.Payment.Refunded90D.AmountMinor, revenue.Payment.Refunded90D.Currency));
        Assert.Equal(100_00, timeline.Mrr.Minor);
        Assert.Single(timeline.Points);
        Assert.Equal("active", AccountRevenueView.StatusOf(timeline));
    }

    [Fact]
    public void A_failure_recovered_within_the_grace_window_is_no_churn()
    {
        var ledger = LedgerOf("a", Started("2026-01-01", 100_00), Failed("2026-02-01", "in_1"), Recovered("2026-02-14", "in_1"));

        var timeline = AsOf(ledger, "2026-06-01");

        Assert.Equal(100_00, timeline.Mrr.Minor);
        Assert.Empty(timeline.InvoluntaryChurns);
        Assert.Single(timeline.Settlements);
    }

    [Fact]
    public void An_unrecovered_failure_churns_the_account_when_the_grace_window_ends_and_a_late_payment_reactivates_it()
    {
        var ledger = LedgerOf("a", Started("2026-01-01", 100_00), Failed("2026-02-01", "in_1"));

        var during = AsOf(ledger, "2026-02-14");
        var after = AsOf(ledger, "2026-02-16");
        var paidLate = AsOf(ledger.With(Recovered("2026-03-01", "in_1")), "2026-03-02");

        Assert.Equal(100_00, during.Mrr.Minor);
        Assert.False(during.InvoluntarilyChurned);
        Assert.Equal(0, after.Mrr.Minor);
        Assert.True(after.InvoluntarilyChurned);
        var churn = Assert.Single(after.InvoluntaryChurns);
        Assert.Equal(Day("2026-02-15"), churn.At);
        Assert.Equal(100_00, churn.Lost.Minor);
        Assert.Equal(100_00, paidLate.Mrr.Minor);
        Assert.Equal([RevenueEventKinds.SubscriptionStarted, RevenueEventKinds.InvoluntaryChurn, RevenueEventKinds.PaymentRecovered], paidLate.Points.Select(p => p.Cause));
        Assert.True(paidLate.Points[^1].PaidBefore);
    }

    [Fact]
    public void The_grace_window_is_configurable()
    {
        var ledger = LedgerOf("a", Started("2026-01-01", 100_00), Failed("2026-02-01", "in_1"));

        var timeline = AccountTimeline.Build(ledger.Entries, TimelineOptions.AsOf(Day("2026-02-05"), TimeSpan.FromDays(3), "USD"));

        Assert.Equal(0, timeline.Mrr.Minor);
    }

    [Fact]
    public void A_voluntary_cancellation_during_dunning_is_not_also_an_involuntary_churn()
    {
        var ledger = LedgerOf("a", Started("2026-01-01", 100_00), Failed("2026-02-01", "in_1"), Cancelled("2026-02-05"), Paid("2026-03-01", "in_1"));

        var timeline = AsOf(ledger, "2026-04-01");

        Assert.Empty(timeline.InvoluntaryChurns);
        Assert.Equal(0, timeline.Mrr.Minor);
    }

    [Fact]
    public void A_trial_has_no_MRR_until_it_converts_and_the_conversion_is_new_business()
    {
        var ledger = LedgerOf("a", TrialStarted("2026-01-01"), Converted("2026-01-15", 80_00));

        Assert.True(AsOf(ledger, "2026-01-10").Trialing);
        var converted = AsOf(ledger, "2026-02-01");
        Assert.False(converted.Trialing);
        var point = Assert.Single(converted.Points);
        Assert.False(point.PaidBefore);
    }

    [Fact]
    public void The_open_failure_index_follows_the_oldest_unpaid_failure()
    {
        var ledger = LedgerOf("a", Started("2026-01-01", 100_00), Failed("2026-02-01", "in_1"), Failed("2026-02-03", "in_2"));

        Assert.Equal(Day("2026-02-01"), ledger.OpenFailureSince);
        Assert.Equal(Day("2026-02-03"), ledger.With(Recovered("2026-02-04", "in_1")).OpenFailureSince);
        Assert.Null(ledger.With(Recovered("2026-02-04", null)).OpenFailureSince);
    }
}
