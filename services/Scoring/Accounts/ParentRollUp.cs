using CustomerHealth.Scoring.Scorecards;

namespace CustomerHealth.Scoring.Accounts;

/// <summary>A parent account's health by each roll-up method, over children with a known score.</summary>
public sealed record ParentRollUp(double? Mean, double? ArrWeightedMean, double? WorstChild, string? WorstChildAccountId, double? HealthyShare)
{
    public static ParentRollUp Of(IReadOnlyList<AccountHealth> children)
    {
        var scored = children.Where(c => c.EffectiveScore is not null).ToList();
        if (scored.Count == 0)
        {
            return new ParentRollUp(null, null, null, null, null);
        }

        var arr = scored.Sum(c => (double)c.ArrMinor);
        var worst = scored.MinBy(c => c.EffectiveScore!.Value)!;
        return new ParentRollUp(
            Math.Round(scored.Average(c => c.EffectiveScore!.Value), 2),
            arr > 0 ? Math.Round(scored.Sum(c => c.EffectiveScore!.Value * c.ArrMinor) / arr, 2) : null,
            worst.EffectiveScore,
            worst.Id,
            Math.Round((double)scored.Count(c => c.EffectiveBand == Band.Green) / scored.Count, 4));
    }
}
