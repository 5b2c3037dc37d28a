using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CustomerHealth.Scoring.V1;
using CustomerHealth.Testing;
using Google.Protobuf.WellKnownTypes;

namespace CustomerHealth.EndToEnd.Tests;

/// <summary>
/// Usage history posted through the gateway reaches scoring as one signal per day, so scoring's
/// answers as of a past day show that day's usage. Four days ago u1 is active; two days ago u1, u2
/// and u3; today u1 and u4. Stickiness (average DAU over 28 days / MAU) as of the end of each day:
/// 1/28 / 1, then (1 + 3)/28 / 3, and now (1 + 3 + 2)/28 / 4.
/// </summary>
public class UsageBackfillEndToEndTests(RunningSystem system) : IClassFixture<RunningSystem>
{
    [Fact]
    public async Task A_usage_backfill_reaches_scoring_day_by_day_and_its_as_of_answers_show_each_days_usage()
    {
        var account = Revenue.NewAccount();
        var now = DateTimeOffset.UtcNow.AddMinutes(-1);
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var events = new[] { (4, "u1"), (2, "u1"), (2, "u2"), (2, "u3"), (0, "u1"), (0, "u4") }
            .Select((e, i) => new
            {
                event_id = $"bf-{i}",
                account_id = account,
                user_id = e.Item2,
                feature = "reports",
                occurred_at = e.Item1 == 0 ? now : today.AddDays(-e.Item1).AddHours(12),
            })
            .Reverse() // the newest first, as a backfill of several sources might arrive
            .ToArray();

        using var posted = await system.Rest.PostAsJsonAsync("/api/v1/usage/events", new { events });
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(6, (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32());

        async Task<double?> StickinessAsync(DateTimeOffset? asOf)
        {
            var request = new GetAccountHealthRequest { AccountId = account };
            if (asOf is { } at)
            {
                request.AsOf = Timestamp.FromDateTimeOffset(at);
            }

            var health = (await system.ScoringGrpc.GetAccountHealthAsync(request)).Health;
            return health.Measures.Single(m => m.Key == "stickiness") is { HasValue: true } m ? m.Value : null;
        }

        var fourDaysAgo = await Eventually.MatchesAsync(() => StickinessAsync(today.AddDays(-3).AddTicks(-1)), v => v is not null, "the usage of four days ago in scoring");
        var twoDaysAgo = await Eventually.MatchesAsync(() => StickinessAsync(today.AddDays(-1).AddTicks(-1)), v => v is > 0.04, "the usage of two days ago in scoring");
        var current = await Eventually.MatchesAsync(() => StickinessAsync(null), v => v is > 0.05, "today's usage in scoring");

        // Scoring answers measure values to four decimal places.
        Assert.Equal(1 / 28.0, fourDaysAgo!.Value, 4);
        Assert.Equal(4 / 28.0 / 3, twoDaysAgo!.Value, 4);
        Assert.Equal(6 / 28.0 / 4, current!.Value, 4);
    }
}
