using CustomerHealth.Scoring.V1;
using static CustomerHealth.Scoring.Tests.Signals.Contracts;

namespace CustomerHealth.Scoring.Tests.Accounts;

/// <summary>With no usage, billing or feedback service reachable, the explanation still answers and says what is missing.</summary>
public class ExplainScoreTests(ScoringApp app) : IClassFixture<ScoringApp>
{
    [Fact]
    public async Task The_explanation_answers_from_stored_data_and_marks_each_unreachable_source()
    {
        var account = NewAccount();
        await app.PublishAsync(Revenue(account, 250_00, DateTimeOffset.UtcNow.AddDays(-1)));
        await app.WaitForSignalsAsync(account, 1);

        var explanation = await app.Grpc.ExplainScoreAsync(new ExplainScoreRequest { AccountId = account });

        Assert.Equal(account, explanation.Health.AccountId);
        Assert.Contains(explanation.Health.Measures, m => m.Key == "revenue_trend" && m.SourceIds.Count == 1 && m.SourceCount == 1);
        Assert.Equal(["billing", "feedback", "usage"], explanation.Sources.Select(s => s.Service).Order().ToArray());
        Assert.All(explanation.Sources, s =>
        {
            Assert.False(s.Available);
            Assert.False(string.IsNullOrEmpty(s.Error));
            Assert.NotEmpty(s.Measures);
        });
        Assert.Contains("payment_health", explanation.Sources.Single(s => s.Service == "billing").Measures);
    }
}
