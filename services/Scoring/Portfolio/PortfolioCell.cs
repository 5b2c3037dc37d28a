using CustomerHealth.Scoring.Accounts;

namespace CustomerHealth.Scoring.Portfolio;

/// <summary>
/// The totals rows an account counts in: by owner in portfolio_totals, by renewal day in
/// portfolio_renewals. Null owner and segment count as "".
/// </summary>
public readonly record struct PortfolioCell(string OwnerCsm, int RenewalDay, string Segment, string EffectiveBand, bool HasOpenAlert)
{
    public static PortfolioCell Of(ShownHealth health) =>
        new(health.OwnerCsm ?? "", health.RenewalDay, health.Segment ?? "", health.EffectiveBand, health.HasOpenAlert);
}
