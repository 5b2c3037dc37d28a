using CustomerHealth.Scoring.Measuring;
using CustomerHealth.Scoring.Scorecards;
using static CustomerHealth.Scoring.Tests.Facts;

namespace CustomerHealth.Scoring.Tests.Measuring;

public class HealthCalculatorTests
{
    private static readonly DateTimeOffset Now = Day0.AddDays(100);

    /// <summary>NPS (weight 30, -100→0 .. 100→100) and CSAT (weight 10, 0→0 .. 100→100, stale after 7 days).</summary>
    private static readonly Scorecard TwoMeasures = new(
        7,
        "test",
        [
            new ScorecardMeasure(MeasureKeys.Nps, 30, [new(-100, 0), new(100, 100)], 180),
            new ScorecardMeasure(MeasureKeys.Csat, 10, [new(0, 0), new(100, 100)], 7),
        ],
        new Dictionary<string, IReadOnlyDictionary<string, double>>
        {
            ["smb"] = new Dictionary<string, double> { [MeasureKeys.Nps] = 10, [MeasureKeys.Csat] = 30 },
        },
        new BandThresholds(50, 75),
        DateTimeOffset.UnixEpoch,
        "test",
        DateTimeOffset.UnixEpoch);

    // NPS +30 (sub-score 65) and CSAT 50% (sub-score 50), both fresh.
    private static Scoring.Signals.AccountFacts Both() => With(Nps(10, Now.AddDays(-1)), Nps(9, Now.AddDays(-1)), Nps(0, Now.AddDays(-1)), Nps(8, Now.AddDays(-1)),
        Nps(7, Now.AddDays(-1)), Nps(10, Now.AddDays(-1)), Nps(9, Now.AddDays(-1)), Nps(6, Now.AddDays(-1)), Nps(8, Now.AddDays(-1)), Nps(10, Now.AddDays(-1)),
        Csat(5, Now.AddDays(-2)), Csat(2, Now.AddDays(-2)));

    [Fact]
    public void The_score_is_the_weighted_mean_of_sub_scores()
    {
        var health = HealthCalculator.Calculate(Both(), TwoMeasures, Now);

        // (30 x 65 + 10 x 50) / 40 = 61.25
        Assert.Equal(61.25, health.Score);
        Assert.Equal(Band.Yellow, health.Band);
        Assert.Equal(7, health.ScorecardVersion);
        var nps = health.Measures.Single(m => m.Key == MeasureKeys.Nps);
        Assert.Equal(65, nps.SubScore!.Value, 6);
        Assert.Equal(0.75, nps.EffectiveWeight, 6);
        Assert.Equal(48.75, nps.Contribution, 6);
        Assert.Equal(1.0, health.KnownWeightShare, 6);
    }

    [Fact]
    public void A_measure_without_data_is_unknown_and_its_weight_goes_visibly_to_the_others()
    {
        var facts = With(Nps(10, Now.AddDays(-1)), Nps(9, Now.AddDays(-1)), Nps(0, Now.AddDays(-1)), Nps(5, Now.AddDays(-1)));

        var health = HealthCalculator.Calculate(facts, TwoMeasures, Now);

        // NPS 0 → sub-score 50, alone.
        Assert.Equal(50, health.Score);
        var csat = health.Measures.Single(m => m.Key == MeasureKeys.Csat);
        Assert.Equal(Freshness.Unknown, csat.Freshness);
        Assert.Equal(10, csat.Weight);
        Assert.Equal(0, csat.EffectiveWeight);
        Assert.Equal(1.0, health.Measures.Single(m => m.Key == MeasureKeys.Nps).EffectiveWeight, 6);
        Assert.Equal(0.75, health.KnownWeightShare, 6);
    }

    [Fact]
    public void Data_older_than_its_window_is_stale_and_does_not_count()
    {
        var health = HealthCalculator.Calculate(Both(), TwoMeasures, Now.AddDays(6));

        var csat = health.Measures.Single(m => m.Key == MeasureKeys.Csat);
        Assert.Equal(Freshness.Stale, csat.Freshness);
        Assert.Equal(50, csat.Value);
        Assert.Equal(0, csat.EffectiveWeight);
        Assert.Equal(65, health.Score!.Value, 6);
    }

    [Fact]
    public void A_segment_uses_its_own_weights()
    {
        var facts = Both().Apply(new Scoring.Signals.AccountUpserted("Acme", "smb", "dana", null, null, null, "t", Now));

        // (10 x 65 + 30 x 50) / 40 = 53.75
        Assert.Equal(53.75, HealthCalculator.Calculate(facts, TwoMeasures, Now).Score);
    }

    [Fact]
    public void Without_any_fresh_measure_the_score_is_unknown()
    {
        var health = HealthCalculator.Calculate(Scoring.Signals.AccountFacts.Empty("acme"), TwoMeasures, Now);

        Assert.Null(health.Score);
        Assert.Equal(Band.Unknown, health.Band);
    }

    [Theory]
    [InlineData(49.99, "red")]
    [InlineData(50, "yellow")]
    [InlineData(74.99, "yellow")]
    [InlineData(75, "green")]
    public void Bands_follow_the_scorecard_thresholds(double score, string band)
    {
        Assert.Equal(band, new BandThresholds(50, 75).BandOf(score));
    }

    [Fact]
    public void The_shipped_default_scorecard_is_version_1_with_every_measure_and_valid()
    {
        var scorecard = ScorecardBook.Default();

        Assert.Equal(1, scorecard.Version);
        Assert.Equal(MeasureKeys.All.Order(), scorecard.Measures.Select(m => m.Key).Order());
        Assert.True(ScorecardValidation.Validate(Api.ProtoMapping.ToMessage(scorecard)).IsEmpty);
    }
}
