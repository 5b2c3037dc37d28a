using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CustomerHealth.Scoring.V1;
using CustomerHealth.Testing;

namespace CustomerHealth.EndToEnd.Tests;

/// <summary>
/// ExplainScore asks usage, billing and feedback over gRPC for the detail behind their measures, and
/// still answers when one is down.
/// </summary>
public class ExplainScoreEndToEndTests(RunningSystem system) : IClassFixture<RunningSystem>
{
    [Fact]
    public async Task The_drill_down_brings_detail_from_every_source_and_marks_one_that_is_down()
    {
        var account = Revenue.NewAccount();
        using var posted = await Revenue.PostAsync(system.Rest, Revenue.Event(account, 90_00, minutesAgo: 30));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        await Revenue.WaitForCountAsync(system.Rest, account, 1);
        var at = DateTimeOffset.UtcNow.AddMinutes(-2);
        using var usage = await system.Rest.PostAsJsonAsync("/api/v1/usage/events", new
        {
            events = new[] { ("ann", "reports"), ("bob", "reports"), ("ann", "alerts") }
                .Select((e, i) => new { event_id = $"x-{i}", account_id = account, user_id = e.Item1, feature = e.Item2, occurred_at = at }),
        });
        using var survey = await system.Rest.PostAsJsonAsync("/api/v1/feedback/survey-responses", new
        {
            event_id = "x-nps", account_id = account, kind = "nps", score = 10, respondent_id = "ann", occurred_at = at, source = "delighted",
        });
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (usage.StatusCode, survey.StatusCode));

        var all = await system.Rest.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{account}/health/explanation");
        await system.StopAsync(ServiceTopology.Usage);
        var withoutUsage = await system.ScoringGrpc.ExplainScoreAsync(new ExplainScoreRequest { AccountId = account });

        var sources = all.GetProperty("sources").EnumerateArray().ToDictionary(s => s.GetProperty("service").GetString()!);
        Assert.True(sources["billing"].GetProperty("available").GetBoolean(), sources["billing"].ToString());
        Assert.Contains(account, sources["billing"].GetProperty("detailJson").GetString());
        Assert.True(sources["usage"].GetProperty("available").GetBoolean(), sources["usage"].ToString());
        Assert.True(sources["feedback"].GetProperty("available").GetBoolean(), sources["feedback"].ToString());
        Assert.Contains("stickiness", sources["usage"].GetProperty("measures").EnumerateArray().Select(m => m.GetString()));
        Assert.Contains("nps", sources["feedback"].GetProperty("measures").EnumerateArray().Select(m => m.GetString()));
        using var usageDetail = JsonDocument.Parse(sources["usage"].GetProperty("detailJson").GetString()!);
        var current = usageDetail.RootElement.GetProperty("usage").GetProperty("current");
        Assert.Equal((2, 2), (current.GetProperty("mau").GetInt32(), current.GetProperty("coreFeaturesUsed").GetInt32()));
        var adoption = usageDetail.RootElement.GetProperty("feature_adoption").GetProperty("features").EnumerateArray()
            .Where(f => f.TryGetProperty("firstUsedAt", out _)).Select(f => f.GetProperty("feature").GetString()).Order();
        Assert.Equal(["alerts", "reports"], adoption);
        using var feedbackDetail = JsonDocument.Parse(sources["feedback"].GetProperty("detailJson").GetString()!);
        var nps = feedbackDetail.RootElement.GetProperty("metrics");
        Assert.Equal((1, 100.0), (nps.GetProperty("npsResponses").GetInt32(), nps.GetProperty("nps").GetDouble()));
        Assert.False(withoutUsage.Sources.Single(s => s.Service == "usage").Available);
        Assert.True(withoutUsage.Sources.Single(s => s.Service == "billing").Available);
        Assert.Equal(account, withoutUsage.Health.AccountId);
    }
}
