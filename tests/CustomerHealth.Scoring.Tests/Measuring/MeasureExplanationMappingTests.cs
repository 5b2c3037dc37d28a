using CustomerHealth.Scoring.Api;
using CustomerHealth.Scoring.Measuring;

namespace CustomerHealth.Scoring.Tests.Measuring;

public class MeasureExplanationMappingTests
{
    private static MeasureScore Measure(IReadOnlyList<string> sourceIds, int sourceCount) =>
        new(MeasureKeys.Nps, 30, 65, 30, 0.5, 32.5, Freshness.Fresh, DateTimeOffset.UnixEpoch, "detail", sourceIds, sourceCount);

    [Fact]
    public void The_explanation_carries_the_count_of_facts_behind_a_measure_beside_the_ids_shown()
    {
        var message = Measure(["feedback/survey/a", "feedback/survey/b"], 57).ToMessage();

        Assert.Equal(57, message.SourceCount);
        Assert.Equal(["feedback/survey/a", "feedback/survey/b"], message.SourceIds);
    }

    [Fact]
    public void A_health_document_written_before_the_count_existed_reports_the_ids_it_lists()
    {
        Assert.Equal(2, Measure(["feedback/survey/a", "feedback/survey/b"], 0).ToMessage().SourceCount);
    }
}
