using CustomerHealth.Scoring.Accounts;
using CustomerHealth.Scoring.Alerts;
using CustomerHealth.Scoring.Scorecards;
using static CustomerHealth.Scoring.Tests.Facts;

namespace CustomerHealth.Scoring.Tests.Accounts;

public class HealthTimelineTests
{
    private static readonly IReadOnlyList<Scorecard> Scorecards = [ScorecardBook.Default()];

    // Every measure has data at some point: usage, surveys of each kind, tickets, payments and revenue.
    private static readonly Scoring.Signals.AccountFacts Mixed = With(
        Revenue(500_00, Day0.AddHours(1)), UsageDay(Day0.AddDays(1), last14: 900, prev14: 1500), Nps(3, Day0.AddDays(2), "cfo"), Nps(10, Day0.AddDays(4)),
        Csat(4, Day0.AddDays(3)), Ces(6, Day0.AddDays(5)), Ticket("T-1", "open", "urgent", Day0.AddDays(6), Day0.AddDays(6)),
        PaymentFailed("inv-1", Day0.AddDays(7), Day0.AddDays(8)), Revenue(350_00, Day0.AddDays(9)), PaymentRecovered("inv-1", Day0.AddDays(12)),
        Ticket("T-1", "solved", "urgent", Day0.AddDays(6), Day0.AddDays(13)), UsageDay(Day0.AddDays(14), mau: 20, avgDau: 3, last14: 200, prev14: 900));

    [Fact]
    public void The_score_without_explanation_has_the_same_score_band_and_weights_as_the_explained_one_at_every_evaluation_point()
    {
        var explained = new HealthTimeline(Mixed, Scorecards);
        var unexplained = new HealthTimeline(Mixed, Scorecards);
        var points = AlertTimeline.EvaluationPoints(Mixed, DateTimeOffset.MinValue, Day0.AddDays(40)).ToList();

        Assert.True(points.Count > 30);
        foreach (var at in points)
        {
            var full = explained.At(at);
            var bare = unexplained.ScoreAt(at);
            Assert.Equal(full.Score, bare.Score);
            Assert.Equal(full.Band, bare.Band);
            Assert.Equal(full.KnownWeightShare, bare.KnownWeightShare);
            Assert.Equal(full.Measures.Select(m => (m.Key, m.Value, m.Freshness, m.ObservedAt)), bare.Measures.Select(m => (m.Key, m.Value, m.Freshness, m.ObservedAt)));
        }
    }

    [Fact]
    public void The_score_without_explanation_carries_no_texts_or_source_ids_and_the_explained_one_does()
    {
        var timeline = new HealthTimeline(Mixed, Scorecards);
        var at = Day0.AddDays(10);

        var bare = timeline.ScoreAt(at);
        var full = timeline.At(at);

        Assert.All(bare.Measures.Where(m => m.Value is not null), m => Assert.Empty(m.SourceIds));
        Assert.All(full.Measures.Where(m => m.Value is not null), m => Assert.NotEmpty(m.SourceIds));
        Assert.All(full.Measures, m => Assert.False(string.IsNullOrEmpty(m.Detail)));
        // Once the explained score is known, it is what the timeline answers with.
        Assert.Same(full, timeline.ScoreAt(at));
    }
}
