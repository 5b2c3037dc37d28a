using CustomerHealth.Usage.Metrics;

namespace CustomerHealth.Usage.Tests.PublishingSignals;

/// <summary>A one-minute window, so ten windows of late events fit in a test without moving the clock for hours.</summary>
public sealed class UsageAppWithOneMinuteWindow : UsageAppWithManualTicks
{
    public static readonly TimeSpan OneMinute = TimeSpan.FromMinutes(1);

    protected override TimeSpan SignalWindow => OneMinute;
}

/// <summary>Past-day changes that never go quiet (devices syncing offline use all day).</summary>
public class LateHistoryTests(UsageAppWithOneMinuteWindow app) : IClassFixture<UsageAppWithOneMinuteWindow>
{
    private static readonly TimeSpan Window = UsageAppWithOneMinuteWindow.OneMinute;

    [Fact]
    public async Task Late_events_that_never_stop_are_published_once_their_history_has_waited_ten_windows_and_again_for_what_came_after()
    {
        var account = Events.NewAccount();
        var day = UtcDay.ToText(UtcDay.Of(Events.DaysAgo(3)));

        // A new late user every half window for nine and a half windows: never a window of quiet.
        for (var i = 0; i < 20; i++)
        {
            await app.Grpc.RecordEventBatchAsync(Events.Batch(Events.Valid(account, $"late-{i}", $"user-{i}", "reports", Events.DaysAgo(3))));
            await app.ScheduledAsync();
            if (i < 19)
            {
                app.Clock.Offset += Window / 2;
            }
        }

        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.DoesNotContain(await app.SignalsInOutboxAsync(account), s => s.GetProperty("asOfDay").GetString() == day);

        // Ten windows after the first change the history goes out, still unsettled, with every user so
        // far. The last change is half a window old, so real time alone would take another 45 s to make
        // it settle: a signal within 20 s is the longest wait's doing.
        app.Clock.Offset += Window / 2;
        var first = await Eventually.MatchesAsync(
            () => app.SignalsInOutboxAsync(account), s => s.Any(x => x.GetProperty("asOfDay").GetString() == day), "the overdue history", TimeSpan.FromSeconds(20));
        Assert.Equal(20, first.Single(s => s.GetProperty("asOfDay").GetString() == day).GetProperty("dau").GetInt32());

        // What arrives after it waits in an entry of its own and goes out once that settles.
        await app.Grpc.RecordEventBatchAsync(Events.Batch(Events.Valid(account, "late-20", "user-20", "reports", Events.DaysAgo(3))));
        await app.ScheduledAsync();
        app.Clock.Offset += 2 * Window;
        var both = await Eventually.MatchesAsync(
            () => app.SignalsInOutboxAsync(account), s => s.Count(x => x.GetProperty("asOfDay").GetString() == day) >= 2, "the later change");
        Assert.Equal([20, 21], both.Where(s => s.GetProperty("asOfDay").GetString() == day).Select(s => s.GetProperty("dau").GetInt32()).ToArray());
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.Equal(2, (await app.SignalsInOutboxAsync(account)).Count(s => s.GetProperty("asOfDay").GetString() == day));
    }
}
