using CustomerHealth.Scoring.Measuring;
using CustomerHealth.Scoring.Signals;
using static CustomerHealth.Scoring.Tests.Facts;

namespace CustomerHealth.Scoring.Tests.Signals;

/// <summary>Which usage snapshots an account's facts keep: the last of each hour on the newest two days, the last of each day before.</summary>
public class UsageHistoryTests
{
    [Fact]
    public void A_day_of_live_signals_every_minute_keeps_the_last_signal_of_each_hour()
    {
        var minutes = Enumerable.Range(0, 24 * 60).Select(m => UsageDay(Day0.AddMinutes(m) + TimeSpan.FromSeconds(30), mau: 50 + (m % 7))).ToList();

        var facts = With([.. minutes]);

        Assert.Equal(24, facts.Usage.Count);
        Assert.All(facts.Usage, u => Assert.Equal(59, u.OccurredAt.Minute));
        Assert.Equal(minutes[^1], facts.LatestUsageAt(Day0.AddDays(1)));
    }

    [Fact]
    public void Days_before_the_newest_two_keep_only_their_last_signal_and_read_the_same_at_the_end_of_each_day()
    {
        var hourly = FiveDaysHourly();

        var facts = With([.. hourly]);

        var keptPerDay = facts.Usage.GroupBy(u => u.AsOfDay).OrderBy(g => g.Key).Select(g => g.Count()).ToArray();
        Assert.Equal([1, 1, 1, 24, 24], keptPerDay);
        var everySignal = AccountFacts.Empty("acme") with { Usage = hourly };
        for (var day = 0; day < 5; day++)
        {
            var endOfDay = Day0.AddDays(day + 1).AddTicks(-1);
            Assert.Equal(Readings(everySignal, endOfDay), Readings(facts, endOfDay));
        }

        // Inside an old day the newest kept snapshot is the day before's last.
        Assert.Equal(hourly[23], facts.LatestUsageAt(Day0.AddDays(1).AddHours(12)));
    }

    [Fact]
    public void The_kept_signals_do_not_depend_on_arrival_order_nor_on_dropping_what_arrives_superseded()
    {
        var hourly = FiveDaysHourly().Concat(FiveDaysHourly(minute: 20)).ToList();
        var inOrder = With([.. hourly]).Usage.Select(u => u.SourceId).Order(StringComparer.Ordinal).ToList();

        var random = new Random(7);
        for (var round = 0; round < 20; round++)
        {
            var shuffled = hourly.OrderBy(_ => random.Next()).ToList();
            var applied = shuffled.Aggregate(AccountFacts.Empty("acme"), (f, s) => f.Apply(s));
            var intake = shuffled.Aggregate(AccountFacts.Empty("acme"), (f, s) => f.Supersedes(s) ? f : f.Apply(s));

            Assert.Equal(inOrder, applied.Usage.Select(u => u.SourceId).Order(StringComparer.Ordinal));
            Assert.Equal(inOrder, intake.Usage.Select(u => u.SourceId).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void A_snapshot_replaced_by_a_later_one_of_its_hour_is_superseded_and_a_later_hour_is_not()
    {
        var early = UsageDay(Day0.AddHours(10).AddMinutes(10));
        var late = UsageDay(Day0.AddHours(10).AddMinutes(40), mau: 80);
        var facts = With(early, late);

        Assert.Equal([late], facts.Usage);
        Assert.True(facts.Supersedes(early));
        Assert.False(facts.Supersedes(late with { SourceId = "usage/redelivered" }));
        Assert.False(facts.Supersedes(UsageDay(Day0.AddHours(11).AddMinutes(5))));
        Assert.False(facts.Supersedes(Nps(9, Day0.AddHours(10))));
    }

    [Fact]
    public void Snapshots_tied_at_the_same_moment_are_all_kept()
    {
        var endOfDay = Day0.AddDays(1).AddTicks(-1);
        var first = UsageDay(endOfDay, mau: 40);
        var second = UsageDay(endOfDay, mau: 60);

        var facts = With(first, second, UsageDay(Day0.AddDays(5)));

        Assert.Contains(first, facts.Usage);
        Assert.Contains(second, facts.Usage);
    }

    private static List<UsageMeasured> FiveDaysHourly(int minute = 45) =>
        [.. Enumerable.Range(0, 5 * 24).Select(h => UsageDay(Day0.AddHours(h).AddMinutes(minute), mau: 40 + h, avgDau: 10 + (h % 5), last14: 1000 + (10 * h)))];

    private static IReadOnlyList<(string, double?, DateTimeOffset?, string)> Readings(AccountFacts facts, DateTimeOffset at) =>
        [.. MeasureEvaluator.Read(facts, at).Select(r => (r.Key, r.Value, r.ObservedAt, string.Join(",", r.SourceIds)))];
}
