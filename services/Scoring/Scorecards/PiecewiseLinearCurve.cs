namespace CustomerHealth.Scoring.Scorecards;

/// <summary>Maps a raw value to a 0-100 sub-score by linear interpolation between curve points.</summary>
public static class PiecewiseLinearCurve
{
    public static double Evaluate(IReadOnlyList<CurvePoint> curve, double value)
    {
        if (value <= curve[0].Value)
        {
            return curve[0].Score;
        }

        for (var i = 1; i < curve.Count; i++)
        {
            if (value <= curve[i].Value)
            {
                var (a, b) = (curve[i - 1], curve[i]);
                return a.Score + ((value - a.Value) / (b.Value - a.Value) * (b.Score - a.Score));
            }
        }

        return curve[^1].Score;
    }
}
