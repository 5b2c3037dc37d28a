using CustomerHealth.Scoring.Measuring;
using CustomerHealth.ServiceDefaults.Validation;

namespace CustomerHealth.Scoring.Scorecards;

/// <summary>Known measures, positive weights, monotonic curves, bands in order; every problem with its field path.</summary>
public static class ScorecardValidation
{
    public static FieldViolations Validate(V1.Scorecard? s)
    {
        var v = new FieldViolations();
        if (s is null)
        {
            return v.Add("scorecard", "is required.");
        }

        v.RequireText("scorecard.name", s.Name, 200);
        if (s.Measures.Count == 0)
        {
            v.Add("scorecard.measures", "needs at least one measure.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < s.Measures.Count; i++)
        {
            var m = s.Measures[i];
            var path = $"scorecard.measures[{i}]";
            if (!MeasureKeys.All.Contains(m.Key))
            {
                v.Add($"{path}.key", $"'{m.Key}' is not a known measure: use one of {string.Join(", ", MeasureKeys.All)}.");
            }
            else if (!seen.Add(m.Key))
            {
                v.Add($"{path}.key", $"'{m.Key}' appears twice.");
            }

            if (!(m.Weight > 0) || double.IsInfinity(m.Weight))
            {
                v.Add($"{path}.weight", "must be a positive number.");
            }

            if (m.StaleAfterDays <= 0)
            {
                v.Add($"{path}.stale_after_days", "must be at least 1 day.");
            }

            ValidateCurve(v, $"{path}.curve", m.Curve);
        }

        for (var i = 0; i < s.SegmentWeights.Count; i++)
        {
            var sw = s.SegmentWeights[i];
            var path = $"scorecard.segment_weights[{i}]";
            v.RequireText($"{path}.segment", sw.Segment, 50);
            foreach (var (key, weight) in sw.Weights)
            {
                if (!seen.Contains(key))
                {
                    v.Add($"{path}.weights[{key}]", $"'{key}' is not a measure of this scorecard.");
                }
                else if (!(weight > 0) || double.IsInfinity(weight))
                {
                    v.Add($"{path}.weights[{key}]", "must be a positive number.");
                }
            }
        }

        if (!(s.YellowFrom > 0 && s.YellowFrom < s.GreenFrom && s.GreenFrom <= 100))
        {
            v.Add("scorecard.yellow_from", "bands must be in order: 0 < yellow_from < green_from <= 100.");
        }

        return v;
    }

    private static void ValidateCurve(FieldViolations v, string path, IReadOnlyList<V1.CurvePoint> curve)
    {
        if (curve.Count < 2)
        {
            v.Add(path, "needs at least two points.");
            return;
        }

        for (var i = 0; i < curve.Count; i++)
        {
            if (curve[i].Score is < 0 or > 100 || double.IsNaN(curve[i].Score))
            {
                v.Add($"{path}[{i}].score", "must be between 0 and 100.");
            }

            if (double.IsNaN(curve[i].Value) || double.IsInfinity(curve[i].Value))
            {
                v.Add($"{path}[{i}].value", "must be a finite number.");
            }
            else if (i > 0 && !(curve[i].Value > curve[i - 1].Value))
            {
                v.Add($"{path}[{i}].value", "thresholds must increase strictly from point to point.");
            }
        }
    }

    public static ScorecardDraft ToDraft(V1.Scorecard s) => new(
        s.Name,
        new BandThresholds(s.YellowFrom, s.GreenFrom),
        [.. s.Measures.Select(m => new ScorecardMeasure(m.Key, m.Weight, [.. m.Curve.Select(p => new CurvePoint(p.Value, p.Score))], m.StaleAfterDays))],
        s.SegmentWeights.ToDictionary(sw => sw.Segment.Trim().ToLowerInvariant(), sw => (IReadOnlyDictionary<string, double>)sw.Weights.ToDictionary(kv => kv.Key, kv => kv.Value)));
}
