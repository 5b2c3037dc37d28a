namespace CustomerHealth.Usage.Tests.PublishingSignals;

/// <summary>The usage service with a ten-minute signal window and a clock the test moves.</summary>
public class UsageAppWithManualTicks : UsageApp
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    protected override TimeSpan SignalWindow => Window;

    /// <summary>Waits until the publisher has scheduled every committed change.</summary>
    public Task ScheduledAsync() =>
        Eventually.MatchesAsync(() => ScalarAsync("select count(*) from usage.changes"), c => c == 0, "every change is scheduled");

    public Task<long> PendingAsync(string account) =>
        ScalarAsync("select count(*) from usage.pending_signals where account_id = $1", account);
}

/// <summary>Coalescing and per-account pacing, with a clock the test controls.</summary>
public class CoalescingTests(UsageAppWithManualTicks app) : IClassFixture<UsageAppWithManualTicks>
{
    private static readonly TimeSpan Window = UsageAppWithManualTicks.Window;

    [Fact]
    public async Task An_accounts_first_change_is_published_at_once_and_a_thousand_events_after_it_yield_one_signal_a_window_later_with_the_final_numbers()
    {
        var account = Events.NewAccount();
        var today = Events.EarlierToday();
        await app.Grpc.RecordEventBatchAsync(Events.Batch(Events.Valid(account, "first", "u0", "reports", today)));
        var first = Assert.Single(await Eventually.MatchesAsync(() => app.SignalsInOutboxAsync(account), s => s.Count > 0, "the first change's signal, without waiting for the window"));
        Assert.Equal(1, first.GetProperty("eventsLast14Days").GetInt64());

        var events = Enumerable.Range(0, 1_000).Select(i => Events.Valid(account, $"live-{i}", user: $"u{i % 40}", feature: i % 2 == 0 ? "reports" : "alerts", at: today)).ToList();
        foreach (var batch in events.Chunk(100))
        {
            await app.Grpc.RecordEventBatchAsync(Events.Batch(batch));
        }

        await app.ScheduledAsync();
        Assert.Equal(1, await app.PendingAsync(account));       // one pending signal holds all ten batches
        Assert.Single(await app.SignalsInOutboxAsync(account));  // and it waits for the window

        app.Clock.Offset += Window;
        var signals = await Eventually.MatchesAsync(() => app.SignalsInOutboxAsync(account), s => s.Count > 1, "the window's signal");
        Assert.Equal(2, signals.Count);
        var signal = signals[1];
        Assert.Equal(UtcDay.ToText(UtcDay.Of(today)), signal.GetProperty("asOfDay").GetString());
        Assert.Equal(1_001, signal.GetProperty("eventsLast14Days").GetInt64());
        Assert.Equal((40, 40, 40), (signal.GetProperty("dau").GetInt32(), signal.GetProperty("wau").GetInt32(), signal.GetProperty("mau").GetInt32()));
        Assert.Equal(2, signal.GetProperty("coreFeaturesUsed28").GetInt32());
        Assert.Equal(UsageApp.CoreFeatures.Length, signal.GetProperty("coreFeaturesConfigured").GetInt32());
        Assert.NotEqual(first.GetProperty("signalId").GetString(), signal.GetProperty("signalId").GetString());
        Assert.Equal(0, await app.PendingAsync(account));        // nothing more to publish
    }

    [Fact]
    public async Task A_backfill_arriving_over_several_windows_publishes_each_past_day_once_after_it_settles_and_today_at_most_once_a_window()
    {
        var account = Events.NewAccount();

        // Five parts of a 10-day backfill, half a window apart: today is republished (at most once a
        // window), the past days wait for the history to be quiet for a whole window.
        for (var part = 0; part < 5; part++)
        {
            await app.Grpc.RecordEventBatchAsync(Events.Batch(
                Enumerable.Range(1, 10).Select(d => Events.Valid(account, $"h-{part}-{d}", $"u{part}", "reports", Events.DaysAgo(d))).ToArray()));
            await app.ScheduledAsync();
            if (part == 0)
            {
                await Eventually.MatchesAsync(() => app.SignalsInOutboxAsync(account), s => s.Count == 1, "today's first signal");
            }

            app.Clock.Offset += Window / 2;
        }

        var today = UtcDay.ToText(UtcDay.Of(app.Clock.GetUtcNow()));
        var whileRunning = await app.SignalsInOutboxAsync(account);
        Assert.All(whileRunning, s => Assert.Equal(today, s.GetProperty("asOfDay").GetString()));

        app.Clock.Offset += Window;   // a window without changes: the history has settled
        var signals = await Eventually.MatchesAsync(
            () => app.SignalsInOutboxAsync(account), s => s.Count(x => x.GetProperty("asOfDay").GetString() != today) >= 10, "the settled past days");

        var pastDays = signals.Where(s => s.GetProperty("asOfDay").GetString() != today).ToList();
        Assert.Equal(10, pastDays.Count);
        Assert.Equal(10, pastDays.Select(s => s.GetProperty("asOfDay").GetString()).Distinct().Count());
        Assert.All(pastDays, s => Assert.Equal(5, s.GetProperty("dau").GetInt32()));

        var todays = signals.Where(s => s.GetProperty("asOfDay").GetString() == today).Select(s => s.GetProperty("occurredAt").GetDateTimeOffset()).ToList();
        Assert.InRange(todays.Count, 2, 4);
        Assert.All(todays.Zip(todays.Skip(1)), pair => Assert.True(pair.Second - pair.First >= Window, $"today's signals at {pair.First:O} and {pair.Second:O} are less than a window apart"));
    }

    [Fact]
    public async Task Past_day_changes_that_arrive_while_the_history_waits_are_published_with_it_once_it_has_been_quiet_for_a_window()
    {
        var account = Events.NewAccount();
        await app.Grpc.RecordEventBatchAsync(Events.Batch(
            Enumerable.Range(2, 3).Select(d => Events.Valid(account, $"a-{d}", "ann", "reports", Events.DaysAgo(d))).ToArray()));
        await app.ScheduledAsync();
        await app.Grpc.RecordEventBatchAsync(Events.Batch(Events.Valid(account, "c-5", "cat", "reports", Events.DaysAgo(5))));   // an older day
        await app.ScheduledAsync();

        // A minute later, more events for days that already wait: the history is not quiet yet.
        app.Clock.Offset += TimeSpan.FromMinutes(1);
        await app.Grpc.RecordEventBatchAsync(Events.Batch(
            Enumerable.Range(2, 3).Select(d => Events.Valid(account, $"b-{d}", "bob", "reports", Events.DaysAgo(d))).ToArray()));
        await app.ScheduledAsync();

        app.Clock.Offset += Window - TimeSpan.FromSeconds(30);   // quiet for less than a window since then
        await app.ScheduledAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var today = UtcDay.ToText(UtcDay.Of(app.Clock.GetUtcNow()));
        Assert.DoesNotContain(await app.SignalsInOutboxAsync(account), s => s.GetProperty("asOfDay").GetString() != today);

        app.Clock.Offset += Window;
        var signals = await Eventually.MatchesAsync(
            () => app.SignalsInOutboxAsync(account), s => s.Count(x => x.GetProperty("asOfDay").GetString() != today) >= 5, "the settled past days");
        var pastDays = signals.Where(s => s.GetProperty("asOfDay").GetString() != today)
            .ToDictionary(s => s.GetProperty("asOfDay").GetString()!, s => s.GetProperty("dau").GetInt32());
        Assert.Equal(
            new Dictionary<string, int>
            {
                [UtcDay.ToText(UtcDay.Of(Events.DaysAgo(5)))] = 1,
                [UtcDay.ToText(UtcDay.Of(Events.DaysAgo(4)))] = 2,
                [UtcDay.ToText(UtcDay.Of(Events.DaysAgo(3)))] = 2,
                [UtcDay.ToText(UtcDay.Of(Events.DaysAgo(2)))] = 2,
                [UtcDay.ToText(UtcDay.Of(Events.DaysAgo(1)))] = 0,   // its weekly and monthly numbers moved
            },
            pastDays);
    }

    [Fact]
    public async Task When_settled_past_days_and_todays_numbers_are_due_together_today_is_published_first_and_each_day_once()
    {
        var account = Events.NewAccount();
        await app.Grpc.RecordEventBatchAsync(Events.Batch(
            Enumerable.Range(1, 5).Select(d => Events.Valid(account, $"past-{d}", "ann", "reports", Events.DaysAgo(d)))
                .Append(Events.Valid(account, "today-1", "ann", "reports", Events.EarlierToday())).ToArray()));
        await Eventually.MatchesAsync(() => app.SignalsInOutboxAsync(account), s => s.Count == 1, "today's first signal");

        // A later event today waits for the account's window; by then the past days have settled too.
        await app.Grpc.RecordEventBatchAsync(Events.Batch(Events.Valid(account, "today-2", "bob", "reports", Events.EarlierToday())));
        await app.ScheduledAsync();
        app.Clock.Offset += 2 * Window;

        var signals = await Eventually.MatchesAsync(() => app.SignalsInOutboxAsync(account), s => s.Count >= 7, "today's second signal and the five past days");
        var today = UtcDay.ToText(UtcDay.Of(app.Clock.GetUtcNow()));
        string[] expected = [today, today, .. Enumerable.Range(1, 5).Reverse().Select(d => UtcDay.ToText(UtcDay.Of(Events.DaysAgo(d))))];
        Assert.Equal(expected, signals.Select(s => s.GetProperty("asOfDay").GetString()!).ToArray());
        Assert.Equal(2, signals[1].GetProperty("dau").GetInt32());
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.Equal(7, (await app.SignalsInOutboxAsync(account)).Count);
    }
}
