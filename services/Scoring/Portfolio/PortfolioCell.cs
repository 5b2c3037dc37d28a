using CustomerHealth.Scoring.Accounts;

namespace CustomerHealth.Scoring.Portfolio;

/// <summary>The portfolio_totals row an account counts in; null owner and segment count as "".</summary>
public readonly record struct PortfolioCell(string OwnerCsm, string Segment, string EffectiveBand, bool HasOpenAlert)
{
    public static PortfolioCell Of(AccountHealth health) =>
        new(health.OwnerCsm ?? "", health.Segment ?? "", health.EffectiveBand, health.HasOpenAlert);
}
