using CustomerHealth.Scoring.Accounts;
using CustomerHealth.Scoring.Alerts;
using CustomerHealth.Scoring.Scorecards;
using CustomerHealth.Scoring.Signals;
using static CustomerHealth.Scoring.Tests.Facts;

namespace CustomerHealth.Scoring.Tests.Alerts;

public class AlertTimelineTests
{
    private static readonly IReadOnlyList<Scorecard> Scorecards = [ScorecardBook.Default()];
    private static readonly ChurnRiskRuleSettings Rules = new();

    private static IReadOnlyList<AlertInterval> DeriveAll(AccountFacts facts, DateTimeOffset through) =>
        AlertTimeline.Derive(facts, [], DateTimeOffset.MinValue, through, new HealthTimeline(facts, Scorecards).ScoreAt, Rules);

    [Fact]
    public void A_failed_payment_raises_payment_risk_when_it_occurred_and_its_recovery_resolves_it()
    {
        var failedAt = Day0.AddDays(10).AddHours(9);
        var recoveredAt = Day0.AddDays(12).AddHours(15);
        var facts = With(Revenue(500_00, Day0.AddHours(1)), PaymentFailed("inv-7", failedAt.AddDays(-1), failedAt), PaymentRecovered("inv-7", recoveredAt));

        var payment = DeriveAll(facts, Day0.AddDays(20)).Single(i => i.Rule == ChurnRiskRules.PaymentRisk);

        Assert.Equal(failedAt, payment.Since);
        Assert.Equal(recoveredAt, payment.ClearedAt);
        Assert.Contains("unrecovered", payment.Reason);
    }

    [Fact]
    public void A_high_priority_ticket_open_more_than_three_days_raises_an_escalation_at_the_next_midnight()
    {
        var opened = Day0.AddDays(1).AddHours(10);
        var facts = With(Ticket("T-9", "open", "high", opened, opened));

        var escalation = DeriveAll(facts, Day0.AddDays(8)).Single(i => i.Rule == ChurnRiskRules.TicketEscalation);

        // Open more than 3 days from Jan 5 10:00; the first evaluation after that is midnight Jan 6.
        Assert.Equal(Day0.AddDays(5), escalation.Since);
        Assert.Null(escalation.ClearedAt);
    }

    [Fact]
    public void An_NPS_detractor_raises_an_alert_that_clears_after_the_detractor_window()
    {
        var answered = Day0.AddDays(3).AddHours(8);
        var facts = With(Nps(2, answered, "cfo@acme"));

        var detractor = DeriveAll(facts, Day0.AddDays(60)).Single(i => i.Rule == ChurnRiskRules.NpsDetractor);

        Assert.Equal(answered, detractor.Since);
        Assert.Equal(Day0.AddDays(34), detractor.ClearedAt);
        Assert.Contains("cfo@acme", detractor.Reason);
    }

    [Fact]
    public void Live_delivery_one_signal_at_a_time_derives_exactly_the_alerts_of_a_backfill()
    {
        var signals = new IAccountSignal[]
        {
            Revenue(800_00, Day0.AddHours(2)),
            UsageDay(Day0.AddDays(5), last14: 1000, prev14: 1000),
            Nps(3, Day0.AddDays(9).AddHours(4)),
            PaymentFailed("inv-1", Day0.AddDays(14), Day0.AddDays(15).AddHours(3)),
            UsageDay(Day0.AddDays(20), last14: 300, prev14: 1000),
            Ticket("T-1", "open", "urgent", Day0.AddDays(22), Day0.AddDays(22)),
            PaymentRecovered("inv-1", Day0.AddDays(25).AddHours(12)),
            Revenue(400_00, Day0.AddDays(40)),
            Ticket("T-1", "solved", "urgent", Day0.AddDays(22), Day0.AddDays(41)),
        };
        var end = Day0.AddDays(60);

        var backfill = DeriveAll(signals.Aggregate(AccountFacts.Empty("acme"), (f, s) => f.Apply(s)), end);

        var facts = AccountFacts.Empty("acme");
        IReadOnlyList<AlertInterval> live = [];
        DateTimeOffset? evaluatedThrough = null;
        foreach (var signal in signals)
        {
            facts = facts.Apply(signal);
            var from = evaluatedThrough is { } e && e < signal.OccurredAt ? e : evaluatedThrough ?? DateTimeOffset.MinValue;
            live = AlertTimeline.Derive(facts, live, from, signal.OccurredAt, new HealthTimeline(facts, Scorecards).ScoreAt, Rules);
            evaluatedThrough = signal.OccurredAt;
        }

        live = AlertTimeline.Derive(facts, live, evaluatedThrough!.Value, end, new HealthTimeline(facts, Scorecards).ScoreAt, Rules);
        Assert.NotEmpty(backfill);
        Assert.Equal(backfill.OrderBy(i => i.AlertId), live.OrderBy(i => i.AlertId));
    }

    [Fact]
    public void A_late_fact_rewrites_the_alerts_from_its_moment_on_and_keeps_what_came_before()
    {
        var facts = With(Revenue(800_00, Day0.AddHours(2)), Nps(2, Day0.AddDays(2)));
        var known = DeriveAll(facts, Day0.AddDays(10));
        var late = PaymentFailed("inv-3", Day0.AddDays(4), Day0.AddDays(5));

        var withLate = facts.Apply(late);
        var rederived = AlertTimeline.Derive(withLate, known, late.OccurredAt, Day0.AddDays(10), new HealthTimeline(withLate, Scorecards).ScoreAt, Rules);

        Assert.Equal(DeriveAll(withLate, Day0.AddDays(10)).OrderBy(i => i.AlertId), rederived.OrderBy(i => i.AlertId));
        Assert.Contains(rederived, i => i.Rule == ChurnRiskRules.PaymentRisk && i.Since == late.OccurredAt);
        Assert.Contains(rederived, i => i.Rule == ChurnRiskRules.NpsDetractor && i.Since == Day0.AddDays(2));
    }

    [Fact]
    public void A_snoozed_alert_reads_as_open_again_once_the_snooze_ends()
    {
        var alert = new ChurnRiskAlert("a1", "acme", ChurnRiskRules.BandRed, "red", Day0, AlertStatus.Open, null, null, null, null, [], null, null, Band.Red, 0, null)
            .Transition(AlertStatus.Snoozed, "dana", Day0.AddHours(1)) with { SnoozedUntil = Day0.AddDays(2) };

        Assert.Equal(AlertStatus.Snoozed, alert.StatusAt(Day0.AddDays(1)));
        Assert.Equal(AlertStatus.Open, alert.StatusAt(Day0.AddDays(2)));
        Assert.Equal(2, alert.Transitions.Count + 1);
    }
}
