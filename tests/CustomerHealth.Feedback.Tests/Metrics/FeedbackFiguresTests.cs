using CustomerHealth.Feedback.Metrics;

namespace CustomerHealth.Feedback.Tests.Metrics;

public class FeedbackFiguresTests
{
    [Fact]
    public void NPS_counts_passives_in_the_total_only()
    {
        // 5 promoters, 3 passives, 2 detractors: 50% - 20% = 30.
        Assert.Equal(30, FeedbackFigures.NpsOf(promoters: 5, passives: 3, detractors: 2));
        // Without the passives the same answers would read 3/7 = 42.9: passives dilute.
        Assert.Equal(300.0 / 7, FeedbackFigures.NpsOf(5, 0, 2)!.Value, 6);
        Assert.Equal(-100, FeedbackFigures.NpsOf(0, 0, 4));
        Assert.Null(FeedbackFigures.NpsOf(0, 0, 0));
    }

    [Fact]
    public void CSAT_is_the_share_of_satisfied_answers()
    {
        var figures = new FeedbackFigures(0, 0, 0, CsatResponses: 5, CsatSatisfied: 3, 0, null, 0, null, new Dictionary<string, int>(), 0, null, 0);

        Assert.Equal(0.6, figures.Csat);
    }
}
