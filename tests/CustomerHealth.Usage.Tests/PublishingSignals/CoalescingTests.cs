namespace CustomerHealth.Usage.Tests.PublishingSignals;

/// <summary>The usage service with a ten-minute signal window whose ticks the test drives by moving the clock.</summary>
public sealed class UsageAppWithManualTicks : UsageApp
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    protected override TimeSpan SignalWindow => Window;

    /// <summary>Moves the clock one window on and waits until the publisher has ticked.</summary>
    public async Task TickAsync()
    {
        var before = await ScalarAsync("select counter from usage.jobs where name = 'signal-tick'");
        Clock.Offset += Window;
        await Eventually.MatchesAsync(
            () => ScalarAsync("select counter from usage.jobs where name = 'signal-tick'"), c => c > before, "the publisher ticks");
    }
}

/// <summary>Coalescing, with ticks the test controls: what one window's traffic becomes.</summary>
public class CoalescingTests(UsageAppWithManualTicks app) : IClassFixture<UsageAppWithManualTicks>
{
    [Fact]
    public async Task A_thousand_live_events_for_one_account_in_one_window_yield_one_signal_with_the_final_numbers()
    {
        var account = Events.NewAccount();
        var today = Events.EarlierToday();
        await app.TickAsync();
        var events = Enumerable.Range(0, 1_000).Select(i => Events.Valid(account, $"live-{i}", user: $"u{i % 40}", feature: i % 2 == 0 ? "reports" : "alerts", at: today)).ToList();

        foreach (var batch in events.Chunk(100))
        {
            await app.Grpc.RecordEventBatchAsync(Events.Batch(batch));
        }

        await app.TickAsync();
        var signal = Assert.Single(await Eventually.MatchesAsync(() => app.SignalsInOutboxAsync(account), s => s.Count > 0, "the window's signal"));
        await app.TickAsync();   // a window without traffic publishes nothing more
        Assert.Single(await app.SignalsInOutboxAsync(account));
        Assert.Equal(UtcDay.ToText(UtcDay.Of(today)), signal.GetProperty("asOfDay").GetString());
        Assert.Equal(1_000, signal.GetProperty("eventsLast14Days").GetInt64());
        Assert.Equal((40, 40, 40), (signal.GetProperty("dau").GetInt32(), signal.GetProperty("wau").GetInt32(), signal.GetProperty("mau").GetInt32()));
        Assert.Equal(2, signal.GetProperty("coreFeaturesUsed28").GetInt32());
        Assert.Equal(UsageApp.CoreFeatures.Length, signal.GetProperty("coreFeaturesConfigured").GetInt32());
        Assert.False(string.IsNullOrEmpty(signal.GetProperty("signalId").GetString()));
    }

    [Fact]
    public async Task A_backfill_spread_over_several_windows_publishes_each_past_day_once_after_it_settles()
    {
        var account = Events.NewAccount();
        await app.TickAsync();

        // Five parts of a 10-day backfill, each in its own window: today is republished each window,
        // the past days wait.
        for (var part = 0; part < 5; part++)
        {
            await app.Grpc.RecordEventBatchAsync(Events.Batch(
                Enumerable.Range(1, 10).Select(d => Events.Valid(account, $"h-{part}-{d}", $"u{part}", "reports", Events.DaysAgo(d))).ToArray()));
            await app.TickAsync();
        }

        var whileRunning = await Eventually.MatchesAsync(() => app.SignalsInOutboxAsync(account), s => s.Count >= 5, "today's signal of each window");
        await app.TickAsync();   // a window without changes: the history has settled
        var signals = await Eventually.MatchesAsync(() => app.SignalsInOutboxAsync(account), s => s.Count >= 15, "the settled past days");

        var today = UtcDay.ToText(UtcDay.Of(app.Clock.GetUtcNow()));
        Assert.All(whileRunning, s => Assert.Equal(today, s.GetProperty("asOfDay").GetString()));
        var pastDays = signals.Where(s => s.GetProperty("asOfDay").GetString() != today).ToList();
        Assert.Equal(10, pastDays.Count);
        Assert.Equal(10, pastDays.Select(s => s.GetProperty("asOfDay").GetString()).Distinct().Count());
        Assert.All(pastDays, s => Assert.Equal(5, s.GetProperty("dau").GetInt32()));
    }
}
