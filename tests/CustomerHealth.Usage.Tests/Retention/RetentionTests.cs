using CustomerHealth.Usage.Retention;
using CustomerHealth.Usage.Storage;
using CustomerHealth.Usage.V1;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerHealth.Usage.Tests.Retention;

/// <summary>Retention on a service whose clock the test moves forward two days.</summary>
public class RetentionTests(UsageApp app) : IClassFixture<UsageApp>
{
    [Fact]
    public async Task Days_past_retention_are_dropped_with_their_partition_and_recent_days_stay()
    {
        var account = Events.NewAccount();
        var old = TestTime.Now.AddDays(-399).AddHours(-12);
        var tooOld = Events.Valid(account, "too-old", at: TestTime.Now.AddDays(-401));
        var summary = (await app.Grpc.RecordEventBatchAsync(Events.Batch(
            Events.Valid(account, "old", at: old), Events.Valid(account, "recent", at: Events.EarlierToday()), tooOld))).Summary;
        Assert.Equal((2L, 1L), (summary.Accepted, summary.Rejected));
        Assert.Equal("occurred_at", summary.Rejections.Single().Field);
        var oldPartition = $"events_d{UtcDay.Of(old):yyyyMMdd}";
        var partitions = app.Services.GetRequiredService<UsagePartitions>();
        Assert.Contains(oldPartition, await partitions.ListTablesAsync(CancellationToken.None));

        app.Clock.Offset = TimeSpan.FromDays(2);
        var dropped = await app.Services.GetRequiredService<RetentionJob>().RunAsync(CancellationToken.None);

        Assert.Contains(oldPartition, dropped);
        Assert.DoesNotContain(oldPartition, await partitions.ListTablesAsync(CancellationToken.None));
        Assert.Equal(1, await app.ScalarAsync("select count(*) from usage.events where account_id = $1", account));
        Assert.Equal(1, await app.ScalarAsync("select count(*) from usage.events where account_id = $1 and event_id = 'recent'", account));
        Assert.Equal(1, await app.ScalarAsync("select count(*) from usage.event_keys where account_id = $1", account)); // the dropped day's key went with it
        Assert.Equal(0, await app.ScalarAsync("select count(*) from usage.daily_features where account_id = $1 and day < current_date - 390", account));
        var usage = await app.Grpc.GetAccountUsageAsync(new GetAccountUsageRequest { AccountId = account });
        Assert.Equal(1, usage.Current.ActiveUsers);
    }
}
