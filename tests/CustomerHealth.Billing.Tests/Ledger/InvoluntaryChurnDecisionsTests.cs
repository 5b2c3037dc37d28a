using CustomerHealth.Billing.Ledger;
using CustomerHealth.Billing.Reporting;
using CustomerHealth.Billing.Signals;
using CustomerHealth.Contracts.Billing;
using static CustomerHealth.Billing.Tests.Ledger.LedgerEvents;

namespace CustomerHealth.Billing.Tests.Ledger;

/// <summary>
/// Worked example (USD cents): started 1 Jan at 100.00, invoice in_1 fails 1 Feb (noon). With the
/// 14-day window the churn is decided on 16 Feb, dated 15 Feb. A payment dated 10 Feb (inside the
/// window) that arrives on 20 Feb reverses it: MRR stays 100.00 throughout, no churn in February.
/// </summary>
public class InvoluntaryChurnDecisionsTests
{
    private static readonly TimeSpan Fourteen = TimeSpan.FromDays(14);
    private static readonly ReportingCurrency Usd = new("USD", new Dictionary<string, decimal>());

    private static RevenueLedger Declared(out RevenueEventRecorded failure)
    {
        failure = Failed("2026-02-01", "in_1");
        var ledger = LedgerOf("a", Started("2026-01-01", 100_00), failure);
        return ledger.WithAll(InvoluntaryChurnDecisions.Due(ledger, Day("2026-02-16"), Fourteen, "USD"));
    }

    private static AccountTimeline Timeline(RevenueLedger ledger, string asOf, TimeSpan grace) =>
        AccountTimeline.Build(ledger.Entries, TimelineOptions.AsOf(Day(asOf), grace, "USD"));

    private static MonthMovements February(RevenueLedger ledger, TimeSpan grace) =>
        RevenueMovements.Compute([ConvertedTimeline.From("a", Timeline(ledger, "2026-04-01", grace), Usd, new HashSet<string>())!], Day("2026-02-01").AddHours(-12), Day("2026-03-01").AddHours(-12))[0];

    [Fact]
    public void The_churn_is_recorded_with_the_window_used_when_it_is_decided()
    {
        var ledger = Declared(out var failure);

        var decision = Assert.Single(ledger.Entries, e => e.IsLedgerDecision);
        Assert.Equal(
            ($"{failure.EventId}/involuntary-churn", RevenueEventKinds.InvoluntaryChurn, Day("2026-02-15"), Fourteen, 100_00L, Day("2026-02-16")),
            (decision.EventId, decision.Kind, decision.OccurredAt, decision.Grace, decision.MrrMinor, decision.RecordedAt));
        Assert.Empty(InvoluntaryChurnDecisions.Due(ledger, Day("2026-03-01"), Fourteen, "USD"));
        Assert.Equal(2, Timeline(ledger, "2026-03-01", Fourteen).EventCount);
    }

    [Fact]
    public void Changing_the_grace_window_later_does_not_move_a_recorded_churn_or_the_movements()
    {
        var ledger = Declared(out _);

        foreach (var grace in new[] { TimeSpan.FromDays(3), Fourteen, TimeSpan.FromDays(30) })
        {
            var timeline = Timeline(ledger, "2026-04-01", grace);
            var churn = Assert.Single(timeline.InvoluntaryChurns);
            Assert.Equal((Day("2026-02-15"), true), (churn.At, churn.Declared));
            Assert.Equal([RevenueEventKinds.SubscriptionStarted, RevenueEventKinds.InvoluntaryChurn], timeline.Points.Select(p => p.Cause));
            Assert.Equal((100_00L, 100_00L), (February(ledger, grace).Churn, February(ledger, grace).InvoluntaryChurn));
        }

        // Without the recorded decision a 30-day window would have moved the churn into March.
        var undecided = LedgerOf("b", Started("2026-01-01", 100_00), Failed("2026-02-01", "in_1"));
        Assert.Equal(Day("2026-03-03"), Assert.Single(Timeline(undecided, "2026-04-01", TimeSpan.FromDays(30)).InvoluntaryChurns).At);
    }

    [Fact]
    public void A_payment_dated_inside_the_window_arriving_after_the_churn_reverses_it()
    {
        var payment = Recovered("2026-02-10", "in_1");
        var late = Declared(out var failure).With(payment);

        var reversal = Assert.Single(InvoluntaryChurnDecisions.Due(late, Day("2026-02-20"), Fourteen, "USD"));
        var ledger = late.With(reversal);

        Assert.Equal(
            ($"{failure.EventId}/involuntary-churn-reversed", RevenueEventKinds.InvoluntaryChurnReversed, Day("2026-02-15"), 100_00L, payment.EventId),
            (reversal.EventId, reversal.Kind, reversal.OccurredAt, reversal.MrrMinor, reversal.SettledByEventId));
        Assert.Empty(InvoluntaryChurnDecisions.Due(ledger, Day("2026-02-21"), Fourteen, "USD"));
        var timeline = Timeline(ledger, "2026-03-01", Fourteen);
        Assert.Equal(100_00, timeline.Mrr.Minor);
        Assert.Empty(timeline.InvoluntaryChurns);
        Assert.Equal([RevenueEventKinds.SubscriptionStarted], timeline.Points.Select(p => p.Cause));
        Assert.Equal("active", AccountRevenueView.StatusOf(timeline));
        Assert.Equal((0L, 0L, 100_00L), (February(ledger, Fourteen).Churn, February(ledger, Fourteen).Reactivation, February(ledger, Fourteen).EndingMrr));
    }

    [Fact]
    public void The_reversal_publishes_the_restored_MRR_at_the_churns_time_and_the_recovery()
    {
        var payment = Recovered("2026-02-10", "in_1");
        var late = Declared(out var failure).With(payment);
        var ledger = late.WithAll(InvoluntaryChurnDecisions.Due(late, Day("2026-02-20"), Fourteen, "USD"));

        var signals = LedgerSignals.Derive(ledger, Day("2026-02-20"), Fourteen, "USD");

        var restored = Assert.Single(signals.Select(s => s.Message).OfType<RevenueChangedV1>(), m => m.Kind == RevenueEventKinds.InvoluntaryChurnReversed);
        Assert.Equal(($"{failure.EventId}/involuntary-churn-reversed", 100_00L, "USD", Day("2026-02-15")), (restored.EventId, restored.MrrMinor, restored.Currency, restored.OccurredAt));
        Assert.Equal(payment.EventId, Assert.Single(signals.Select(s => s.Message).OfType<PaymentRecoveredV1>()).EventId);
        Assert.DoesNotContain(signals, s => s.InvoluntaryChurn);
        // Consumers keeping the latest MRR by time, ties by id, land on the restored MRR.
        Assert.True(string.CompareOrdinal(restored.EventId, $"{failure.EventId}/involuntary-churn") > 0);
    }

    [Fact]
    public void A_payment_after_the_window_is_a_reactivation_not_a_reversal()
    {
        var ledger = Declared(out _).With(Recovered("2026-03-01", "in_1"));

        Assert.Empty(InvoluntaryChurnDecisions.Due(ledger, Day("2026-03-02"), Fourteen, "USD"));
        var timeline = Timeline(ledger, "2026-03-02", Fourteen);
        Assert.Equal([RevenueEventKinds.SubscriptionStarted, RevenueEventKinds.InvoluntaryChurn, RevenueEventKinds.PaymentRecovered], timeline.Points.Select(p => p.Cause));
        Assert.Equal(100_00, timeline.Mrr.Minor);
    }

    [Fact]
    public void A_late_earlier_failure_of_the_same_invoice_does_not_move_the_recorded_churn()
    {
        var ledger = Declared(out _).With(Failed("2026-01-25", "in_1"));

        Assert.Empty(InvoluntaryChurnDecisions.Due(ledger, Day("2026-03-01"), Fourteen, "USD"));
        Assert.Equal(Day("2026-02-15"), Assert.Single(Timeline(ledger, "2026-03-01", Fourteen).InvoluntaryChurns).At);
    }
}
