using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CustomerHealth.Usage.V1;
using Grpc.Core;

namespace CustomerHealth.Usage.Tests.ReadingUsage;

/// <summary>
/// One account's worked example, through ingest and the read RPCs. d0 is today, d-3 three days ago.
/// d0: ann, bob use reports · d-3: ann, cat use alerts · d-10: dan uses reports · d-20: eve uses integrations (first event).
/// </summary>
public class AccountUsageTests(UsageApp app) : IClassFixture<UsageApp>
{
    [Fact]
    public async Task The_current_metrics_match_the_worked_example()
    {
        var account = await RecordExampleAsync();

        var usage = await app.Grpc.GetAccountUsageAsync(new GetAccountUsageRequest { AccountId = account });

        var now = usage.Current;
        Assert.Equal(UtcDay.ToText(UtcDay.Of(TestTime.Now)), now.AsOfDay);
        Assert.Equal((2, 3, 5), (now.Dau, now.Wau, now.Mau));
        Assert.Equal(6 / 28.0, now.AverageDau, 10);               // DAU 2 + 2 + 1 + 1 over 28 days
        Assert.Equal(6 / 28.0 / 5, now.Stickiness, 10);
        Assert.Equal(5, now.ActiveUsers);
        Assert.Equal((3, 5), (now.CoreFeaturesUsed, now.CoreFeaturesConfigured)); // reports, alerts, integrations of 5
        Assert.Equal(0.6, now.CoreFeatureAdoption, 10);
        Assert.Equal((5L, 1L), (now.EventsLast14Days, now.EventsPrevious14Days));
        Assert.Equal(4.0, now.UsageTrend, 10);                    // (5 - 1) / 1
        Assert.Equal(28, usage.Definitions.MauWindowDays);
        Assert.Equal(UsageApp.CoreFeatures, usage.Definitions.CoreFeatures);
    }

    [Fact]
    public async Task The_daily_series_has_every_day_of_the_range_with_that_days_numbers()
    {
        var account = await RecordExampleAsync();
        var today = UtcDay.Of(TestTime.Now);

        var usage = await app.Grpc.GetAccountUsageAsync(new GetAccountUsageRequest
        {
            AccountId = account,
            From = UtcDay.ToText(today.AddDays(-6)),
            To = UtcDay.ToText(today),
        });

        Assert.Equal(7, usage.Daily.Count);
        Assert.Equal([0, 0, 0, 2, 0, 0, 2], usage.Daily.Select(d => d.ActiveUsers));
        Assert.Equal([0L, 0, 0, 2, 0, 0, 2], usage.Daily.Select(d => d.Events));
        Assert.Equal([2, 2, 2, 4, 4, 4, 5], usage.Daily.Select(d => d.Mau));   // dan (d-10) and eve (d-20) are in every window
        Assert.Equal("alerts", Assert.Single(usage.Daily[3].Features).Feature);
    }

    [Fact]
    public async Task Late_and_out_of_order_events_update_the_days_they_belong_to()
    {
        var account = await RecordExampleAsync();
        var late = Events.Valid(account, "late-1", user: "zed", feature: "exports", at: Events.DaysAgo(5, hour: 8));

        var summary = (await app.Grpc.RecordEventBatchAsync(Events.Batch(late))).Summary;
        var usage = await app.Grpc.GetAccountUsageAsync(new GetAccountUsageRequest { AccountId = account });

        Assert.Equal(1, summary.Accepted);
        var dayOfLate = usage.Daily.Single(d => d.Day == UtcDay.ToText(UtcDay.Of(Events.DaysAgo(5))));
        Assert.Equal((1, 1L), (dayOfLate.ActiveUsers, dayOfLate.Events));
        Assert.Equal((4, 6), (usage.Current.Wau, usage.Current.Mau));
        Assert.Equal(4, usage.Current.CoreFeaturesUsed);
        Assert.Equal(6L, usage.Current.EventsLast14Days);
    }

    [Fact]
    public async Task A_late_event_moves_a_users_first_day_back_and_a_later_one_leaves_it()
    {
        var account = await RecordExampleAsync();
        var firstDayOfAnn = $"select first_day - '0001-01-01'::date from usage.account_users where account_id = $1 and user_id = 'ann'";
        Assert.Equal(UtcDay.Of(Events.DaysAgo(3)).DayNumber, await app.ScalarAsync(firstDayOfAnn, account));

        await app.Grpc.RecordEventBatchAsync(Events.Batch(Events.Valid(account, "late-ann", "ann", "reports", Events.DaysAgo(40))));
        await app.Grpc.RecordEventBatchAsync(Events.Batch(Events.Valid(account, "later-ann", "ann", "reports", Events.DaysAgo(30))));

        Assert.Equal(UtcDay.Of(Events.DaysAgo(40)).DayNumber, await app.ScalarAsync(firstDayOfAnn, account));
        var usage = await app.Grpc.GetAccountUsageAsync(new GetAccountUsageRequest { AccountId = account });
        Assert.Equal(5, usage.Current.ActiveUsers); // ann, bob, cat, dan, eve: one each however many days
    }

    [Fact]
    public async Task Feature_adoption_lists_every_core_feature_with_first_use_and_time_to_first_value()
    {
        var account = await RecordExampleAsync();

        var adoption = await app.Grpc.GetFeatureAdoptionAsync(new GetFeatureAdoptionRequest { AccountId = account });

        Assert.Equal(UsageApp.CoreFeatures, adoption.Features.Select(f => f.Feature));
        Assert.Equal([true, true, true, false, false], adoption.Features.Select(f => f.UsedInWindow));
        Assert.Equal(0.6, adoption.Adoption, 10);
        Assert.Equal(Events.DaysAgo(20), adoption.FirstSeenAt.ToDateTimeOffset());
        var reports = adoption.Features[0];
        Assert.Equal(Events.DaysAgo(10), reports.FirstUsedAt.ToDateTimeOffset());
        Assert.Equal(TimeSpan.FromDays(10), reports.TimeToFirstUse.ToTimeSpan());
        Assert.Null(adoption.Features[3].FirstUsedAt);
    }

    [Fact]
    public async Task Top_features_rank_by_events_over_the_window()
    {
        var account = await RecordExampleAsync();

        var month = await app.Grpc.ListTopFeaturesAsync(new ListTopFeaturesRequest { AccountId = account });
        var week = await app.Grpc.ListTopFeaturesAsync(new ListTopFeaturesRequest { AccountId = account, WindowDays = 7, Limit = 1 });

        Assert.Equal([("reports", 3L, 2), ("alerts", 2L, 1), ("integrations", 1L, 1)], month.Features.Select(f => (f.Feature, f.Events, f.ActiveDays)));
        Assert.True(month.Features.All(f => f.Core));
        Assert.Equal("alerts", Assert.Single(week.Features).Feature); // a tie of 2 events each is broken by name
    }

    [Fact]
    public async Task The_read_RPCs_answer_over_REST_too()
    {
        var account = await RecordExampleAsync();

        var usage = await app.Rest.GetFromJsonAsync<JsonElement>($"/api/v1/usage/accounts/{account}");
        var adoption = await app.Rest.GetFromJsonAsync<JsonElement>($"/api/v1/usage/accounts/{account}/feature-adoption");
        var top = await app.Rest.GetFromJsonAsync<JsonElement>($"/api/v1/usage/accounts/{account}/top-features?window_days=7");

        Assert.Equal(5, usage.GetProperty("current").GetProperty("mau").GetInt32());
        Assert.Equal(30, usage.GetProperty("daily").GetArrayLength());
        Assert.Equal(5, adoption.GetProperty("features").GetArrayLength());
        Assert.Equal(2, top.GetProperty("features").GetArrayLength());
    }

    [Fact]
    public async Task An_unknown_account_is_NOT_FOUND_and_a_bad_range_is_INVALID_ARGUMENT()
    {
        var missing = await Assert.ThrowsAsync<RpcException>(() => app.Grpc.GetAccountUsageAsync(new GetAccountUsageRequest { AccountId = "nobody-" + Guid.NewGuid() }).ResponseAsync);
        using var missingRest = await app.Rest.GetAsync($"/api/v1/usage/accounts/nobody-{Guid.NewGuid()}/feature-adoption");
        var badRange = await Assert.ThrowsAsync<RpcException>(() => app.Grpc.GetAccountUsageAsync(new GetAccountUsageRequest { AccountId = "acme", From = "2026-13-01" }).ResponseAsync);
        using var badRest = await app.Rest.GetAsync("/api/v1/usage/accounts/acme?from=2026-11-20&to=2026-11-01");
        using var badWindow = await app.Rest.GetAsync("/api/v1/usage/accounts/acme/top-features?window_days=-1");

        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missingRest.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, badRange.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badRest.StatusCode);
        var problem = await badRest.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("from", out _));
        Assert.Equal(HttpStatusCode.BadRequest, badWindow.StatusCode);
    }

    private Task<string> RecordExampleAsync() => UsageWorkedExample.RecordAsync(app.Grpc);
}

/// <summary>The worked example of <see cref="AccountUsageTests"/>, for each fixture that reads it under its own settings.</summary>
public static class UsageWorkedExample
{
    /// <summary>Sends the example out of order, as pipelines do, to a new account, and returns the account.</summary>
    public static async Task<string> RecordAsync(UsageService.UsageServiceClient usage)
    {
        var account = Events.NewAccount();
        var today = Events.EarlierToday();
        var summary = (await usage.RecordEventBatchAsync(Events.Batch(
            Events.Valid(account, "e1", "ann", "reports", today),
            Events.Valid(account, "e2", "bob", "reports", today),
            Events.Valid(account, "e6", "eve", "integrations", Events.DaysAgo(20)),
            Events.Valid(account, "e3", "ann", "alerts", Events.DaysAgo(3)),
            Events.Valid(account, "e4", "cat", "alerts", Events.DaysAgo(3)),
            Events.Valid(account, "e5", "dan", "reports", Events.DaysAgo(10))))).Summary;
        Assert.Equal(6, summary.Accepted);
        return account;
    }
}
