namespace CustomerHealth.Usage.Tests.PublishingSignals;

/// <summary>The day close: the first tick of a UTC day publishes the previous day's final metrics.</summary>
public class DayCloseTests(UsageApp app) : IClassFixture<UsageApp>
{
    [Fact]
    public async Task An_account_that_goes_quiet_still_gets_a_signal_for_each_closed_day_showing_the_decline()
    {
        var account = Events.NewAccount();
        var today = UtcDay.Of(TestTime.Now);
        await app.Grpc.RecordEventBatchAsync(Events.Batch(
            Events.Valid(account, "q-1", "ann", at: Events.EarlierToday()), Events.Valid(account, "q-2", "bob", at: Events.EarlierToday())));
        await Eventually.MatchesAsync(() => app.SignalsInOutboxAsync(account), s => s.Count == 1, "today's live signal");

        app.Clock.Offset = TimeSpan.FromDays(1);
        var closed = await Eventually.MatchesAsync(() => app.SignalsInOutboxAsync(account), s => s.Count == 2, "today's closing signal (a day later)");
        app.Clock.Offset = TimeSpan.FromDays(2);
        var quiet = await Eventually.MatchesAsync(() => app.SignalsInOutboxAsync(account), s => s.Count == 3, "the quiet day's closing signal");

        Assert.Equal(UtcDay.ToText(today), closed[1].GetProperty("asOfDay").GetString());
        Assert.Equal(UtcDay.EndOf(today), closed[1].GetProperty("occurredAt").GetDateTimeOffset());
        var next = quiet[2];
        Assert.Equal(UtcDay.ToText(today.AddDays(1)), next.GetProperty("asOfDay").GetString());
        Assert.Equal((0, 2, 2), (next.GetProperty("dau").GetInt32(), next.GetProperty("wau").GetInt32(), next.GetProperty("mau").GetInt32()));
    }
}
