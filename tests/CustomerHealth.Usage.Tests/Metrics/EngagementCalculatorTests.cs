using CustomerHealth.Usage.Metrics;

namespace CustomerHealth.Usage.Tests.Metrics;

/// <summary>
/// The metric definitions (docs/metrics.md) on small histories worked out by hand. Day 0 is the as-of
/// day; "d-3" is three days before it.
/// </summary>
public class EngagementCalculatorTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly UsageWindows Windows = new(7, 28, 14, 400, ["reports", "alerts", "integrations", "exports"]);

    [Fact]
    public void DAU_WAU_MAU_and_stickiness_count_distinct_users_per_window()
    {
        // d0: ann, bob · d-3: ann, cat · d-10: dan · d-27: eve · d-28: fay (outside the 28-day MAU window)
        var history = History(
            (0, "ann", "reports", 1), (0, "bob", "reports", 1),
            (3, "ann", "alerts", 1), (3, "cat", "alerts", 1),
            (10, "dan", "reports", 1),
            (27, "eve", "reports", 1),
            (28, "fay", "reports", 1));

        var now = EngagementCalculator.Compute(history, Windows, Today, Today).Single();

        Assert.Equal(2, now.Dau);                       // ann, bob
        Assert.Equal(3, now.Wau);                       // ann, bob, cat (d-3); dan is 10 days back
        Assert.Equal(5, now.Mau);                       // ann, bob, cat, dan, eve
        Assert.Equal(6 / 28.0, now.AverageDau, 10);     // DAUs in the window: 2 + 2 + 1 + 1 = 6, over 28 days
        Assert.Equal(6 / 28.0 / 5, now.Stickiness, 10); // average DAU / MAU
        Assert.Equal(6, now.ActiveUsers);               // everyone, fay included
    }

    [Fact]
    public void Core_feature_adoption_counts_core_features_used_in_the_MAU_window()
    {
        // reports d0, alerts d-5, exports d-30 (too old), "search" is not a core feature.
        var history = History((0, "ann", "reports", 1), (5, "ann", "alerts", 1), (30, "ann", "exports", 1), (0, "ann", "search", 1));

        var now = EngagementCalculator.Compute(history, Windows, Today, Today).Single();

        Assert.Equal(2, now.CoreFeaturesUsed);
        Assert.Equal(4, now.CoreFeaturesConfigured);
        Assert.Equal(0.5, now.CoreFeatureAdoption);
    }

    [Fact]
    public void Trend_compares_the_last_14_days_with_the_14_before()
    {
        // Last 14 days (d0..d-13): 3 + 2 = 5 events. Previous 14 (d-14..d-27): 10 events. d-28 does not count.
        var history = History((0, "ann", "reports", 3), (13, "bob", "reports", 2), (14, "ann", "alerts", 4), (27, "ann", "alerts", 6), (28, "ann", "alerts", 100));

        var now = EngagementCalculator.Compute(history, Windows, Today, Today).Single();

        Assert.Equal(5, now.EventsLast14Days);
        Assert.Equal(10, now.EventsPrevious14Days);
        Assert.Equal(-0.5, now.UsageTrend);
    }

    [Fact]
    public void Without_a_previous_period_the_trend_is_absent_and_an_empty_window_is_zero()
    {
        var history = History((0, "ann", "reports", 2));

        var snapshots = EngagementCalculator.Compute(history, Windows, Today.AddDays(-1), Today);

        Assert.Null(snapshots[1].UsageTrend);
        Assert.Equal(0, snapshots[0].Mau);
        Assert.Equal(0, snapshots[0].Stickiness);
        Assert.Null(snapshots[0].LastActiveAt);
    }

    [Fact]
    public void A_series_gives_each_day_its_own_rolling_values()
    {
        // ann every day d-9..d0, bob only on d-8.
        var rows = Enumerable.Range(0, 10).Select(d => (d, "ann", "reports", 1L)).Append((8, "bob", "alerts", 1L)).ToArray();
        var history = History(rows);

        var series = EngagementCalculator.Compute(history, Windows, Today.AddDays(-9), Today);

        Assert.Equal(10, series.Count);
        Assert.Equal([1, 2, 1, 1, 1, 1, 1, 1, 1, 1], series.Select(s => s.Dau));
        // WAU: bob stays for 7 days from d-8 (d-8..d-2).
        Assert.Equal([1, 2, 2, 2, 2, 2, 2, 2, 1, 1], series.Select(s => s.Wau));
        Assert.Equal([1, 2, 2, 2, 2, 2, 2, 2, 2, 2], series.Select(s => s.Mau));
        Assert.Equal(Enumerable.Range(1, 10).Select(n => (long)n + (n >= 2 ? 1 : 0)), series.Select(s => s.EventsLast14Days));
    }

    [Fact]
    public void Last_active_is_the_latest_event_up_to_the_as_of_day()
    {
        var history = History((5, "ann", "reports", 1), (1, "ann", "reports", 1));
        history.LastActiveBefore = Start(40);

        var series = EngagementCalculator.Compute(history, Windows, Today.AddDays(-6), Today);

        Assert.Equal(Start(40), series[0].LastActiveAt);                                   // before the loaded days
        Assert.Equal(Start(5).AddHours(12), series[1].LastActiveAt);                       // d-5
        Assert.Equal(Start(1).AddHours(12), series[^1].LastActiveAt);                      // d-1
    }

    private static DateTimeOffset Start(int daysAgo) => UtcDay.StartOf(Today.AddDays(-daysAgo));

    /// <summary>Rows of (days ago, user, feature, events); each event at noon.</summary>
    private static AccountHistory History(params (int DaysAgo, string User, string Feature, long Events)[] rows)
    {
        var history = new AccountHistory("acme", Today.AddDays(-(Windows.InfluenceDays + 60)), Today);
        foreach (var group in rows.GroupBy(r => (r.DaysAgo, r.Feature)))
        {
            var at = Start(group.Key.DaysAgo).AddHours(12);
            var events = group.Sum(r => r.Events);
            history.AddFeature(new DailyFeatureRow(Today.AddDays(-group.Key.DaysAgo), group.Key.Feature, events, events, at, at));
        }

        foreach (var group in rows.GroupBy(r => (r.DaysAgo, r.User)))
        {
            history.AddUser(Today.AddDays(-group.Key.DaysAgo), group.Key.User);
        }

        history.UserFirstDays.AddRange(rows.GroupBy(r => r.User).Select(g => Today.AddDays(-g.Max(r => r.DaysAgo))));
        return history;
    }
}
