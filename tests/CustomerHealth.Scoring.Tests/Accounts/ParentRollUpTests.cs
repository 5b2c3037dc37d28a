using CustomerHealth.Scoring.Accounts;
using CustomerHealth.Scoring.Scorecards;

namespace CustomerHealth.Scoring.Tests.Accounts;

public class ParentRollUpTests
{
    private static AccountHealth Child(string id, double? score, string band, long arrMinor) =>
        new(id, id, "enterprise", "dana", "parent", arrMinor / 12, arrMinor, "USD", null, score, band, score, band, null, null, null, 1, [], [], null, "", null, 0, 1, DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_parent_shows_mean_ARR_weighted_mean_worst_child_and_share_of_healthy_children()
    {
        var children = new[]
        {
            Child("eu", 80, Band.Green, 300_000_00),
            Child("us", 40, Band.Red, 100_000_00),
            Child("apac", 60, Band.Yellow, 100_000_00),
            Child("new", null, Band.Unknown, 0),
        };

        var rollUp = ParentRollUp.Of(children);

        Assert.Equal(60, rollUp.Mean);
        // (80 x 300k + 40 x 100k + 60 x 100k) / 500k = 68
        Assert.Equal(68, rollUp.ArrWeightedMean);
        Assert.Equal(40, rollUp.WorstChild);
        Assert.Equal("us", rollUp.WorstChildAccountId);
        Assert.Equal(0.3333, rollUp.HealthyShare);
    }

    [Fact]
    public void A_parent_without_scored_children_has_no_roll_up()
    {
        var rollUp = ParentRollUp.Of([Child("new", null, Band.Unknown, 0)]);

        Assert.Null(rollUp.Mean);
        Assert.Null(rollUp.WorstChildAccountId);
    }
}
