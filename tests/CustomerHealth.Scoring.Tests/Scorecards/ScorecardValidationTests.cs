using CustomerHealth.Scoring.Api;
using CustomerHealth.Scoring.Scorecards;

namespace CustomerHealth.Scoring.Tests.Scorecards;

public class ScorecardValidationTests
{
    public static TheoryData<string, Action<V1.Scorecard>> Broken => new()
    {
        { "scorecard.measures[0].key", s => s.Measures[0].Key = "happiness" },
        { "scorecard.measures[1].key", s => s.Measures[1].Key = s.Measures[0].Key },
        { "scorecard.measures[0].weight", s => s.Measures[0].Weight = 0 },
        { "scorecard.measures[0].weight", s => s.Measures[0].Weight = -2 },
        { "scorecard.measures[0].stale_after_days", s => s.Measures[0].StaleAfterDays = 0 },
        { "scorecard.measures[0].curve", s => { var first = s.Measures[0].Curve[0]; s.Measures[0].Curve.Clear(); s.Measures[0].Curve.Add(first); } },
        { "scorecard.measures[0].curve[1].value", s => s.Measures[0].Curve[1].Value = s.Measures[0].Curve[0].Value },
        { "scorecard.measures[0].curve[0].score", s => s.Measures[0].Curve[0].Score = 101 },
        { "scorecard.yellow_from", s => s.YellowFrom = 80 },
        { "scorecard.yellow_from", s => s.GreenFrom = 120 },
        { "scorecard.name", s => s.Name = "" },
        { "scorecard.segment_weights[0].weights[nps]", s => s.SegmentWeights[0].Weights["nps"] = 0 },
        { "scorecard.segment_weights[0].weights[mood]", s => s.SegmentWeights[0].Weights["mood"] = 3 },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void An_invalid_scorecard_names_the_field_at_fault(string field, Action<V1.Scorecard> breakIt)
    {
        var scorecard = ScorecardBook.Default().ToMessage();
        breakIt(scorecard);

        var violations = ScorecardValidation.Validate(scorecard);

        Assert.Contains(violations.Items, v => v.Field == field);
    }

    [Fact]
    public void The_default_scorecard_round_trips_through_its_message()
    {
        var original = ScorecardBook.Default();

        var draft = ScorecardValidation.ToDraft(original.ToMessage());

        Assert.Equal(original.Measures, draft.Measures, (a, b) => a.Key == b.Key && a.Weight == b.Weight && a.StaleAfterDays == b.StaleAfterDays && a.Curve.SequenceEqual(b.Curve));
        Assert.Equal(original.Bands, draft.Bands);
        Assert.Equal(original.SegmentWeights.Keys.Order(), draft.SegmentWeights!.Keys.Order());
    }
}
