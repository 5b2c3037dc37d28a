using CustomerHealth.Scoring.Accounts;

namespace CustomerHealth.Scoring.Portfolio;

/// <summary>The orders of the at-risk list, each a (column, direction) with the account id as tie-break for cursors.</summary>
public sealed record AtRiskSort(string Name, string Column, bool Descending, Func<AccountHealth, double> Key)
{
    public static readonly IReadOnlyList<AtRiskSort> All =
    [
        new("score_asc", "sort_score", false, h => h.SortScore),
        new("arr_at_risk_desc", "arr_minor", true, h => h.ArrMinor),
        new("renewal_soonest", "renewal_day", false, h => h.RenewalDay),
        new("score_drop_desc", "score_drop_30", true, h => h.ScoreDrop30),
    ];

    public static AtRiskSort? Find(string name) => All.FirstOrDefault(s => s.Name == (name.Length == 0 ? "score_asc" : name));
}
