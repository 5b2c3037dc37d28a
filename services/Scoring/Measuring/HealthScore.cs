namespace CustomerHealth.Scoring.Measuring;

/// <summary>
/// A computed health score with its explanation. <see cref="Score"/> is null when no measure has
/// fresh data. Measures without fresh data keep their configured weight on display but get an
/// effective weight of zero; the others share 100% of the weight.
/// </summary>
public sealed record HealthScore(
    double? Score,
    string Band,
    int ScorecardVersion,
    DateTimeOffset At,
    IReadOnlyList<MeasureScore> Measures)
{
    /// <summary>The share of configured weight that had fresh data: 1.0 means nothing was redistributed.</summary>
    public double KnownWeightShare
    {
        get
        {
            var total = Measures.Sum(m => m.Weight);
            return total == 0 ? 0 : Measures.Where(m => m.Freshness == Freshness.Fresh).Sum(m => m.Weight) / total;
        }
    }
}

/// <param name="Weight">The configured weight (for the account's segment).</param>
/// <param name="EffectiveWeight">Share of the score, 0-1, after redistributing unknown and stale measures' weight.</param>
/// <param name="Contribution">Points this measure adds to the score: EffectiveWeight × SubScore.</param>
/// <param name="SourceIds">The newest facts behind the value (<see cref="MeasureEvidence.MaxShown"/> at most), in occurrence order.</param>
/// <param name="SourceCount">How many facts are behind the value.</param>
public sealed record MeasureScore(
    string Key,
    double? Value,
    double? SubScore,
    double Weight,
    double EffectiveWeight,
    double Contribution,
    string Freshness,
    DateTimeOffset? ObservedAt,
    string Detail,
    IReadOnlyList<string> SourceIds,
    int SourceCount);

public static class Freshness
{
    public const string Fresh = "fresh";
    public const string Stale = "stale";
    public const string Unknown = "unknown";
}
