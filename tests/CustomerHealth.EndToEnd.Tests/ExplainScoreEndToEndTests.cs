using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CustomerHealth.Scoring.V1;
using CustomerHealth.Testing;

namespace CustomerHealth.EndToEnd.Tests;

/// <summary>ExplainScore asks usage, billing and feedback over gRPC, and still answers when one is down.</summary>
public class ExplainScoreEndToEndTests(RunningSystem system) : IClassFixture<RunningSystem>
{
    [Fact]
    public async Task The_drill_down_brings_detail_from_every_source_and_marks_one_that_is_down()
    {
        var account = Revenue.NewAccount();
        using var posted = await Revenue.PostAsync(system.Rest, Revenue.Event(account, 90_00, minutesAgo: 30));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        await Revenue.WaitForCountAsync(system.Rest, account, 1);

        var all = await system.Rest.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{account}/health/explanation");
        await system.StopAsync(ServiceTopology.Usage);
        var withoutUsage = await system.ScoringGrpc.ExplainScoreAsync(new ExplainScoreRequest { AccountId = account });

        var sources = all.GetProperty("sources").EnumerateArray().ToDictionary(s => s.GetProperty("service").GetString()!);
        Assert.True(sources["billing"].GetProperty("available").GetBoolean(), sources["billing"].ToString());
        Assert.Contains(account, sources["billing"].GetProperty("detailJson").GetString());
        Assert.True(sources["usage"].GetProperty("available").GetBoolean(), sources["usage"].ToString());
        Assert.True(sources["feedback"].GetProperty("available").GetBoolean(), sources["feedback"].ToString());
        Assert.False(withoutUsage.Sources.Single(s => s.Service == "usage").Available);
        Assert.True(withoutUsage.Sources.Single(s => s.Service == "billing").Available);
        Assert.Equal(account, withoutUsage.Health.AccountId);
    }
}
