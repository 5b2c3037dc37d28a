using CustomerHealth.Scoring.Scorecards;
using CustomerHealth.Scoring.Signals;

namespace CustomerHealth.Scoring.Measuring;

/// <summary>Score = weighted mean of the sub-scores of measures with fresh data.</summary>
public static class HealthCalculator
{
    public static HealthScore Calculate(AccountFacts facts, Scorecard scorecard, DateTimeOffset at) =>
        Calculate(MeasureEvaluator.Read(facts, at), scorecard, facts.Directory?.Segment, at);

    /// <summary>The same score and band, with measures that carry no detail text or source ids: never shown or stored.</summary>
    public static HealthScore CalculateUnexplained(AccountFacts facts, Scorecard scorecard, DateTimeOffset at) =>
        Calculate(MeasureEvaluator.ReadValues(facts, at), scorecard, facts.Directory?.Segment, at);

    public static HealthScore Calculate(IReadOnlyList<MeasureReading> readings, Scorecard scorecard, string? segment, DateTimeOffset at)
    {
        var byKey = readings.ToDictionary(r => r.Key);
        var rows = scorecard.Measures.Select(m =>
        {
            var reading = byKey.GetValueOrDefault(m.Key) ?? MeasureReading.NoData(m.Key, "not measured");
            var freshness = reading.Value is null || reading.ObservedAt is null ? Freshness.Unknown
                : at - reading.ObservedAt.Value > TimeSpan.FromDays(m.StaleAfterDays) ? Freshness.Stale
                : Freshness.Fresh;
            var subScore = reading.Value is { } v ? PiecewiseLinearCurve.Evaluate(m.Curve, v) : (double?)null;
            return (Measure: m, Reading: reading, Freshness: freshness, SubScore: subScore, Weight: scorecard.WeightOf(m, segment));
        }).ToList();

        var knownWeight = rows.Where(r => r.Freshness == Freshness.Fresh).Sum(r => r.Weight);
        var measures = rows.Select(r =>
        {
            var effective = r.Freshness == Freshness.Fresh && knownWeight > 0 ? r.Weight / knownWeight : 0;
            return new MeasureScore(
                r.Measure.Key, r.Reading.Value, r.SubScore, r.Weight, effective, effective * (r.SubScore ?? 0),
                r.Freshness, r.Reading.ObservedAt, r.Reading.Detail, r.Reading.Evidence.SourceIds, r.Reading.Evidence.Count);
        }).ToList();

        double? score = knownWeight > 0 ? Math.Round(measures.Sum(m => m.Contribution), 2) : null;
        return new HealthScore(score, score is { } s ? scorecard.Bands.BandOf(s) : Band.Unknown, scorecard.Version, at, measures);
    }
}
