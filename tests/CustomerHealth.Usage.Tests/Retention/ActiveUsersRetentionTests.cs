using CustomerHealth.Usage.Retention;
using CustomerHealth.Usage.V1;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerHealth.Usage.Tests.Retention;

/// <summary>
/// "Active users" counts users with an event within retention: when a user's first day is dropped they
/// count from their first retained day, and a user whose every day is dropped no longer counts.
/// A fixture of its own, because the test moves the service's clock.
/// </summary>
public class ActiveUsersRetentionTests(UsageApp app) : IClassFixture<UsageApp>
{
    [Fact]
    public async Task A_user_whose_first_day_is_dropped_counts_from_their_first_retained_day_and_one_with_no_day_left_stops_counting()
    {
        var account = Events.NewAccount();
        var nearlyExpired = TestTime.Now.AddDays(-399).AddHours(-12);
        var summary = (await app.Grpc.RecordEventBatchAsync(Events.Batch(
            Events.Valid(account, "early-first", user: "early", at: nearlyExpired),
            Events.Valid(account, "early-later", user: "early", at: Events.DaysAgo(100)),
            Events.Valid(account, "gone-only", user: "gone", at: nearlyExpired),
            Events.Valid(account, "recent", user: "recent", at: Events.EarlierToday())))).Summary;
        Assert.Equal(4L, summary.Accepted);
        Assert.Equal(3, (await app.Grpc.GetAccountUsageAsync(new GetAccountUsageRequest { AccountId = account })).Current.ActiveUsers);

        app.Clock.Offset = TimeSpan.FromDays(2);
        await app.Services.GetRequiredService<RetentionJob>().RunAsync(CancellationToken.None);

        var usage = await app.Grpc.GetAccountUsageAsync(new GetAccountUsageRequest { AccountId = account });
        Assert.Equal(2, usage.Current.ActiveUsers);
        Assert.Equal(
            UtcDay.Of(Events.DaysAgo(100)).DayNumber,
            await app.ScalarAsync("select first_day - '0001-01-01'::date from usage.account_users where account_id = $1 and user_id = 'early'", account));
        Assert.Equal(0, await app.ScalarAsync("select count(*) from usage.account_users where account_id = $1 and user_id = 'gone'", account));
    }
}
