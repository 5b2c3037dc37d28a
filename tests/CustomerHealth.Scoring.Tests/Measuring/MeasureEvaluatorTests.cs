using CustomerHealth.Scoring.Measuring;
using static CustomerHealth.Scoring.Tests.Facts;

namespace CustomerHealth.Scoring.Tests.Measuring;

public class MeasureEvaluatorTests
{
    private static readonly DateTimeOffset Now = Day0.AddDays(200);

    private static MeasureReading Read(string key, Scoring.Signals.AccountFacts facts, DateTimeOffset? at = null) =>
        MeasureEvaluator.Read(facts, at ?? Now).Single(r => r.Key == key);

    [Fact]
    public void NPS_is_promoters_minus_detractors_over_all_answers_including_passives()
    {
        // 5 promoters (9-10), 3 passives (7-8), 2 detractors (0-6): (5 - 2) / 10 = +30.
        var facts = With(Nps(10, Now.AddDays(-1)), Nps(9, Now.AddDays(-2)), Nps(9, Now.AddDays(-3)), Nps(10, Now.AddDays(-4)), Nps(9, Now.AddDays(-5)),
            Nps(8, Now.AddDays(-6)), Nps(7, Now.AddDays(-7)), Nps(7, Now.AddDays(-8)), Nps(6, Now.AddDays(-9)), Nps(0, Now.AddDays(-10)));

        var nps = Read(MeasureKeys.Nps, facts);

        Assert.Equal(30, nps.Value!.Value, 6);
        Assert.Equal(Now.AddDays(-1), nps.ObservedAt);
        Assert.Equal(10, nps.SourceIds.Count);
    }

    [Fact]
    public void A_measure_with_many_facts_behind_it_counts_them_all_and_shows_the_newest_twenty_in_occurrence_order()
    {
        // 30 answers delivered newest first: all count, the 20 newest are shown, oldest of them first.
        var answers = Enumerable.Range(1, 30).Select(i => Nps(i % 11, Now.AddHours(-i))).ToList();
        var facts = With([.. answers]);

        var nps = Read(MeasureKeys.Nps, facts);

        Assert.Equal(30, nps.Evidence.Count);
        Assert.Equal(answers.Take(20).Reverse().Select(a => a.SourceId), nps.SourceIds);
        Assert.Equal(MeasureEvidence.MaxShown, nps.SourceIds.Count);
    }

    [Fact]
    public void NPS_counts_only_the_last_180_days()
    {
        var facts = With(Nps(0, Now.AddDays(-181)), Nps(10, Now.AddDays(-10)));

        Assert.Equal(100, Read(MeasureKeys.Nps, facts).Value);
        Assert.Null(Read(MeasureKeys.Nps, With(Nps(0, Now.AddDays(-181)))).Value);
    }

    [Fact]
    public void CSAT_is_the_share_of_4_and_5_and_CES_the_mean()
    {
        var facts = With(Csat(5, Now.AddDays(-1)), Csat(4, Now.AddDays(-2)), Csat(3, Now.AddDays(-3)), Csat(1, Now.AddDays(-4)),
            Ces(6, Now.AddDays(-1)), Ces(3, Now.AddDays(-2)), Ces(5, Now.AddDays(-3)));

        Assert.Equal(50, Read(MeasureKeys.Csat, facts).Value);
        Assert.Equal(14.0 / 3, Read(MeasureKeys.Ces, facts).Value!.Value, 6);
    }

    [Fact]
    public void Usage_measures_come_from_the_latest_usage_day()
    {
        var facts = With(
            UsageDay(Now.AddDays(-3), mau: 40, avgDau: 10, last14: 500, prev14: 1000, coreUsed: 2, coreConfigured: 8),
            UsageDay(Now.AddDays(-1), mau: 50, avgDau: 20, last14: 600, prev14: 1000, coreUsed: 3, coreConfigured: 6));

        Assert.Equal(0.4, Read(MeasureKeys.Stickiness, facts).Value!.Value, 6);
        Assert.Equal(-40, Read(MeasureKeys.UsageTrend, facts).Value!.Value, 6);
        Assert.Equal(0.5, Read(MeasureKeys.FeatureAdoption, facts).Value!.Value, 6);
        Assert.Null(Read(MeasureKeys.SeatUtilisation, facts).Value);
    }

    [Fact]
    public void Seat_utilisation_needs_licensed_seats_from_the_directory()
    {
        var facts = With(UsageDay(Now.AddDays(-1), mau: 45)).Apply(new Scoring.Signals.AccountUpserted("Acme", "smb", "dana", 60, null, null, "t", Now));

        Assert.Equal(0.75, Read(MeasureKeys.SeatUtilisation, facts).Value!.Value, 6);
    }

    [Fact]
    public void Ticket_pressure_weighs_open_high_and_urgent_tickets_by_age_and_ignores_solved_ones()
    {
        var facts = With(
            Ticket("T1", "open", "urgent", Now.AddDays(-7), Now.AddDays(-7)),
            Ticket("T2", "open", "high", Now.AddDays(-14), Now.AddDays(-14)),
            Ticket("T3", "open", "high", Now.AddDays(-3), Now.AddDays(-3)),
            Ticket("T3", "solved", "high", Now.AddDays(-3), Now.AddDays(-1)),
            Ticket("T4", "open", "low", Now.AddDays(-30), Now.AddDays(-30)));

        // T1: 2 + 7/7 = 3; T2: 1 + 14/7 = 3; T3 solved; T4 low priority.
        Assert.Equal(6, Read(MeasureKeys.TicketPressure, facts).Value!.Value, 6);
    }

    [Fact]
    public void Payment_health_counts_days_overdue_of_unrecovered_invoices_and_recent_failures()
    {
        var facts = With(
            Revenue(100_00, Now.AddDays(-100)),
            PaymentFailed("inv-1", Now.AddDays(-12), Now.AddDays(-10)),
            PaymentFailed("inv-2", Now.AddDays(-40), Now.AddDays(-40)),
            PaymentRecovered("inv-2", Now.AddDays(-35)));

        // inv-1 overdue 12 days; 2 failures in 90 days: 12 + 2 x 10 = 32.
        Assert.Equal(32, Read(MeasureKeys.PaymentHealth, facts).Value!.Value, 6);
        Assert.Equal(20, Read(MeasureKeys.PaymentHealth, facts.Apply(PaymentRecovered("inv-1", Now.AddDays(-1)))).Value!.Value, 6);
    }

    [Fact]
    public void Payment_health_is_observed_at_the_newest_billing_fact_by_then_of_any_kind()
    {
        var facts = With(
            Revenue(100_00, Now.AddDays(-100)),
            PaymentFailed("inv-1", Now.AddDays(-12), Now.AddDays(-10)),
            PaymentRecovered("inv-1", Now.AddDays(-4)),
            Revenue(100_00, Now.AddDays(-6)),
            Revenue(100_00, Now.AddDays(3)));

        Assert.Equal(Now.AddDays(-4), Read(MeasureKeys.PaymentHealth, facts).ObservedAt);
        Assert.Equal(Now.AddDays(-6), Read(MeasureKeys.PaymentHealth, facts, Now.AddDays(-5)).ObservedAt);
        Assert.Equal(Now.AddDays(-10), Read(MeasureKeys.PaymentHealth, facts, Now.AddDays(-7)).ObservedAt);
        Assert.Equal(Now.AddDays(-100), Read(MeasureKeys.PaymentHealth, With(Revenue(100_00, Now.AddDays(-100)))).ObservedAt);
    }

    [Fact]
    public void Revenue_trend_compares_MRR_now_with_MRR_90_days_earlier()
    {
        var facts = With(Revenue(100_00, Now.AddDays(-150)), Revenue(120_00, Now.AddDays(-95)), Revenue(90_00, Now.AddDays(-5)));

        Assert.Equal(-25, Read(MeasureKeys.RevenueTrend, facts).Value!.Value, 6);
    }

    [Fact]
    public void Revenue_trend_reads_the_same_whatever_order_the_signals_arrived_in_and_starts_from_the_first_MRR_of_a_young_account()
    {
        var inOrder = new[] { Revenue(100_00, Now.AddDays(-150)), Revenue(120_00, Now.AddDays(-95)), Revenue(80_00, Now.AddDays(-60)), Revenue(90_00, Now.AddDays(-5)) };
        var expected = Read(MeasureKeys.RevenueTrend, With(inOrder));

        var shuffled = Read(MeasureKeys.RevenueTrend, With(inOrder[2], inOrder[0], inOrder[3], inOrder[1]));

        Assert.Equal(-25, expected.Value!.Value, 6);
        Assert.Equal(expected.Value, shuffled.Value);
        Assert.Equal(expected.ObservedAt, shuffled.ObservedAt);
        Assert.Equal(expected.SourceIds, shuffled.SourceIds);
        Assert.Equal([inOrder[1].SourceId, inOrder[2].SourceId, inOrder[3].SourceId], shuffled.SourceIds);
        // Revenue for 60 days only: compared with its first MRR (80.00 -> 90.00).
        Assert.Equal(12.5, Read(MeasureKeys.RevenueTrend, With(inOrder[3], inOrder[2]), Now).Value!.Value, 6);
    }

    [Fact]
    public void Facts_that_occur_after_the_moment_asked_about_do_not_count()
    {
        var facts = With(Nps(10, Now.AddDays(-10)), Nps(0, Now.AddDays(5)));

        Assert.Equal(100, Read(MeasureKeys.Nps, facts).Value);
        Assert.Equal(0, Read(MeasureKeys.Nps, facts, Now.AddDays(6)).Value);
    }
}
