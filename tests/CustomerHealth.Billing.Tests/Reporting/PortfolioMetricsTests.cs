using CustomerHealth.Billing.Ledger;
using CustomerHealth.Billing.Reporting;
using static CustomerHealth.Billing.Tests.Ledger.LedgerEvents;

namespace CustomerHealth.Billing.Tests.Reporting;

/// <summary>
/// The worked example of docs/metrics.md: three accounts over four months (USD cents).
/// A: new 100 (Jan), +50 (Feb), cancelled (Mar), back at 120 (Apr).
/// B: new 200 (Jan), down to 120 (Mar).
/// C: trial (Feb), converts at 50 (Feb), payment fails 10 Mar and is not recovered within 14 days
///    (involuntary churn 24 Mar), pays 10 Apr (reactivation).
/// </summary>
public class PortfolioMetricsTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromDays(14);
    private static readonly ReportingCurrency Usd = new("USD", new Dictionary<string, decimal>());

    private static readonly RevenueLedger[] Ledgers =
    [
        LedgerOf("A", Started("2026-01-10", 100_00), Changed("2026-02-05", 150_00), Cancelled("2026-03-20"), Reactivated("2026-04-02", 120_00)),
        LedgerOf("B", Started("2026-01-20", 200_00), Changed("2026-03-05", 120_00)),
        LedgerOf("C", TrialStarted("2026-02-01"), Converted("2026-02-15", 50_00), Failed("2026-03-10", "in_c"), Recovered("2026-04-10", "in_c", 50_00)),
    ];

    private static List<ConvertedTimeline> Portfolio(string until) => [.. Ledgers.Select(l =>
        ConvertedTimeline.From(l.Id, AccountTimeline.Build(l.Entries, TimelineOptions.AsOf(Day(until).AddHours(-12), Grace, "USD")), Usd, new HashSet<string>())!)];

    [Fact]
    public void MRR_movements_month_by_month()
    {
        var months = RevenueMovements.Compute(Portfolio("2026-05-01"), Day("2026-01-01").AddHours(-12), Day("2026-05-01").AddHours(-12));

        Assert.Equal(["2026-01", "2026-02", "2026-03", "2026-04"], months.Select(m => m.Month));
        // month: starting, new, expansion, contraction, churn, reactivation, ending
        Assert.Equal((0L, 300_00L, 0L, 0L, 0L, 0L, 300_00L), Figures(months[0]));
        Assert.Equal((300_00L, 50_00L, 50_00L, 0L, 0L, 0L, 400_00L), Figures(months[1]));
        Assert.Equal((400_00L, 0L, 0L, 80_00L, 200_00L, 0L, 120_00L), Figures(months[2]));
        Assert.Equal((120_00L, 0L, 0L, 0L, 0L, 170_00L, 290_00L), Figures(months[3]));
        Assert.Equal(50_00, months[2].InvoluntaryChurn);
        Assert.Equal((2, 2, 0), (months[0].NewAccounts, months[2].ChurnedAccounts, months[2].ReactivatedAccounts));
        Assert.Equal(2, months[3].ReactivatedAccounts);
        Assert.All(months, m => Assert.Equal(m.EndingMrr - m.StartingMrr, m.Net));
    }

    [Fact]
    public void A_range_that_starts_mid_month_cuts_the_first_month()
    {
        var months = RevenueMovements.Compute(Portfolio("2026-05-01"), Day("2026-01-15"), Day("2026-02-10"));

        Assert.Equal(["2026-01", "2026-02"], months.Select(m => m.Month));
        Assert.Equal(100_00, months[0].StartingMrr);
        Assert.Equal(200_00, months[0].New);
        Assert.Equal(50_00, months[1].Expansion);
    }

    [Fact]
    public void NRR_and_GRR_on_the_February_cohort_count_expansion_only_in_NRR()
    {
        // Cohort at 1 Feb: A 100, B 200 (C is still a trial). At 1 May: A 120, B 120.
        var figures = RevenueRetention.Compute(Portfolio("2026-05-01"), Day("2026-02-01").AddHours(-12), Day("2026-05-01").AddHours(-12));

        Assert.Equal(2, figures.CohortAccounts);
        Assert.Equal(300_00, figures.CohortStartingMrr);
        Assert.Equal(240_00, figures.CohortEndingMrr);
        Assert.Equal(0.8, figures.NetRevenueRetention!.Value, 6);
        Assert.Equal(220_00.0 / 300_00, figures.GrossRevenueRetention!.Value, 6); // min(120,100) + min(120,200)
        Assert.Equal(0, figures.ChurnedAccounts);
        Assert.Equal(290_00, figures.PortfolioEndingMrr);
        Assert.Equal(290_00 * 12, figures.PortfolioEndingArr);
        Assert.Equal(3, figures.PayingAccountsAtEnd);
    }

    [Fact]
    public void Logo_churn_on_the_March_cohort_counts_the_involuntary_loss()
    {
        // Cohort at 1 Mar: A 150, B 200, C 50. At 1 Apr: A 0 (cancelled), B 120, C 0 (involuntary).
        var figures = RevenueRetention.Compute(Portfolio("2026-04-01"), Day("2026-03-01").AddHours(-12), Day("2026-04-01").AddHours(-12));

        Assert.Equal(3, figures.CohortAccounts);
        Assert.Equal(400_00, figures.CohortStartingMrr);
        Assert.Equal(120_00, figures.CohortEndingMrr);
        Assert.Equal(0.3, figures.NetRevenueRetention!.Value, 6);
        Assert.Equal(0.3, figures.GrossRevenueRetention!.Value, 6);
        Assert.Equal(2, figures.ChurnedAccounts);
        Assert.Equal(1, figures.InvoluntarilyChurnedAccounts);
        Assert.Equal(2.0 / 3, figures.LogoChurnRate!.Value, 6);
    }

    [Fact]
    public void An_empty_cohort_has_no_retention_figures()
    {
        var figures = RevenueRetention.Compute([], Day("2026-01-01"), Day("2026-02-01"));

        Assert.Null(figures.NetRevenueRetention);
        Assert.Null(figures.GrossRevenueRetention);
        Assert.Null(figures.LogoChurnRate);
    }

    [Fact]
    public void Reporting_currency_conversion_respects_rates_and_minor_units()
    {
        var currency = new ReportingCurrency("USD", new Dictionary<string, decimal> { ["EUR"] = 1.08m, ["JPY"] = 0.0066m, ["KWD"] = 3.25m });

        Assert.Equal(108_00, currency.ToReportingMinor(new Money(100_00, "EUR")));
        Assert.Equal(66_00, currency.ToReportingMinor(new Money(10_000, "JPY"))); // ¥10,000 = $66.00
        Assert.Equal(325, currency.ToReportingMinor(new Money(1_000, "KWD"))); // 1.000 KWD = $3.25
        Assert.Equal(12_34, currency.ToReportingMinor(new Money(12_34, "USD")));
        Assert.Null(currency.ToReportingMinor(new Money(1_00, "BRL")));
    }

    [Fact]
    public void An_account_in_a_currency_without_a_rate_is_left_out_and_named()
    {
        var unconverted = new HashSet<string>();
        var ledger = LedgerOf("br", Started("2026-01-10", 100_00, "BRL"));

        var converted = ConvertedTimeline.From("br", AccountTimeline.Build(ledger.Entries, TimelineOptions.AsOf(Day("2026-02-01"), Grace, "USD")), Usd, unconverted);

        Assert.Null(converted);
        Assert.Equal(["BRL"], unconverted);
    }

    private static (long, long, long, long, long, long, long) Figures(MonthMovements m) =>
        (m.StartingMrr, m.New, m.Expansion, m.Contraction, m.Churn, m.Reactivation, m.EndingMrr);
}
