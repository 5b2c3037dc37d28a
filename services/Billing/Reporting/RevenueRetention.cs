namespace CustomerHealth.Billing.Reporting;

/// <summary>Retention of the cohort paying at the start of a period, in minor units of the reporting currency.</summary>
public sealed record RetentionFigures(
    int CohortAccounts,
    long CohortStartingMrr,
    long CohortEndingMrr,
    long CohortRetainedMrr,
    int ChurnedAccounts,
    int InvoluntarilyChurnedAccounts,
    long PortfolioStartingMrr,
    long PortfolioEndingMrr,
    int PayingAccountsAtEnd)
{
    /// <summary>NRR: the cohort's ending MRR over its starting MRR (expansion included, new customers not).</summary>
    public double? NetRevenueRetention => CohortStartingMrr == 0 ? null : (double)CohortEndingMrr / CohortStartingMrr;

    /// <summary>GRR: per account min(ending, starting), summed, over starting MRR (expansion cannot offset losses).</summary>
    public double? GrossRevenueRetention => CohortStartingMrr == 0 ? null : (double)CohortRetainedMrr / CohortStartingMrr;

    public double? LogoChurnRate => CohortAccounts == 0 ? null : (double)ChurnedAccounts / CohortAccounts;

    public long PortfolioEndingArr => PortfolioEndingMrr * 12;
}

public static class RevenueRetention
{
    public static RetentionFigures Compute(IEnumerable<ConvertedTimeline> accounts, DateTimeOffset from, DateTimeOffset to)
    {
        int cohort = 0, churned = 0, involuntary = 0, paying = 0;
        long starting = 0, ending = 0, retained = 0, portfolioStart = 0, portfolioEnd = 0;
        foreach (var account in accounts)
        {
            var atStart = account.MrrAt(from);
            var atEnd = account.MrrAt(to);
            portfolioStart += atStart;
            portfolioEnd += atEnd;
            paying += atEnd > 0 ? 1 : 0;
            if (atStart <= 0)
            {
                continue;
            }

            cohort++;
            starting += atStart;
            ending += atEnd;
            retained += Math.Min(atStart, atEnd);
            if (atEnd == 0)
            {
                churned++;
                involuntary += account.InvoluntarilyChurned ? 1 : 0;
            }
        }

        return new RetentionFigures(cohort, starting, ending, retained, churned, involuntary, portfolioStart, portfolioEnd, paying);
    }
}
