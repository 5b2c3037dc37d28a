using CustomerHealth.Scoring.Scorecards;

namespace CustomerHealth.Scoring.Tests.Scorecards;

public class PiecewiseLinearCurveTests
{
    private static readonly CurvePoint[] Rising = [new(0.05, 0), new(0.2, 60), new(0.4, 100)];
    private static readonly CurvePoint[] Falling = [new(0, 100), new(1, 80), new(3, 50), new(6, 0)];

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.05, 0)]
    [InlineData(0.125, 30)]
    [InlineData(0.2, 60)]
    [InlineData(0.3, 80)]
    [InlineData(0.4, 100)]
    [InlineData(0.9, 100)]
    public void A_rising_curve_interpolates_between_points_and_is_flat_beyond_its_ends(double value, double expected)
    {
        Assert.Equal(expected, PiecewiseLinearCurve.Evaluate(Rising, value), 6);
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(2, 65)]
    [InlineData(4.5, 25)]
    [InlineData(10, 0)]
    public void A_falling_curve_gives_lower_scores_for_higher_values(double value, double expected)
    {
        Assert.Equal(expected, PiecewiseLinearCurve.Evaluate(Falling, value), 6);
    }
}
