using System.Text.Json;

namespace CustomerHealth.Usage.Tests.PublishingSignals;

/// <summary>AccountUsageChangedV1 as written to the transactional outbox (the signal window is 1 s here).</summary>
public class SignalTests(UsageApp app) : IClassFixture<UsageApp>
{
    [Fact]
    public async Task A_backfill_yields_one_signal_per_changed_day_carrying_that_days_metrics_as_of_its_end()
    {
        var account = Events.NewAccount();
        // One user a day from d-4 to d-1 (ann, bob, cat, dan), then eve today.
        var users = new[] { "ann", "bob", "cat", "dan" };
        var backfill = users.Select((u, i) => Events.Valid(account, $"b-{i}", u, "reports", Events.DaysAgo(4 - i))).Append(Events.Valid(account, "b-today", "eve", "reports", Events.EarlierToday()));

        await Events.StreamAsync(app.Grpc, backfill);

        var signals = await Eventually.MatchesAsync(
            () => app.SignalsInOutboxAsync(account), s => s.Count >= 5, "five daily signals are written");
        var byDay = signals.ToDictionary(s => s.GetProperty("asOfDay").GetString()!);
        Assert.Equal(5, byDay.Count);
        for (var daysAgo = 4; daysAgo >= 1; daysAgo--)
        {
            var signal = byDay[UtcDay.ToText(UtcDay.Of(Events.DaysAgo(daysAgo)))];
            Assert.Equal(1, signal.GetProperty("dau").GetInt32());
            Assert.Equal(5 - daysAgo, signal.GetProperty("mau").GetInt32());   // users so far
            Assert.Equal(5 - daysAgo, signal.GetProperty("eventsLast14Days").GetInt64());
            Assert.Equal(UtcDay.EndOf(UtcDay.Of(Events.DaysAgo(daysAgo))), signal.GetProperty("occurredAt").GetDateTimeOffset());
        }

        var today = byDay[UtcDay.ToText(UtcDay.Of(TestTime.Now))];
        Assert.Equal(5, today.GetProperty("mau").GetInt32());
        Assert.True(today.GetProperty("occurredAt").GetDateTimeOffset() > TestTime.Now.AddMinutes(-5));
    }

    [Fact]
    public async Task A_late_event_republishes_today_a_window_after_its_last_signal_and_the_past_days_it_changes_once_they_settle()
    {
        var account = Events.NewAccount();
        await app.Grpc.RecordEventBatchAsync(Events.Batch(Events.Valid(account, "t-1", "ann", "reports", Events.EarlierToday())));
        await Eventually.MatchesAsync(() => app.SignalsInOutboxAsync(account), s => s.Count == 1, "today's signal is written");

        await app.Grpc.RecordEventBatchAsync(Events.Batch(Events.Valid(account, "t-2", "bob", "reports", Events.DaysAgo(2))));

        var signals = await Eventually.MatchesAsync(() => app.SignalsInOutboxAsync(account), s => s.Count >= 4, "d-2, d-1 and today are republished");
        var republished = signals.Skip(1).Select(s => (s.GetProperty("asOfDay").GetString(), s.GetProperty("mau").GetInt32())).OrderBy(s => s.Item1).ToList();
        Assert.Equal(
            [(UtcDay.ToText(UtcDay.Of(Events.DaysAgo(2))), 1), (UtcDay.ToText(UtcDay.Of(Events.DaysAgo(1))), 1), (UtcDay.ToText(UtcDay.Of(TestTime.Now)), 2)],
            republished);
    }
}
