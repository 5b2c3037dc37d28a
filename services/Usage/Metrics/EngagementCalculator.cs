namespace CustomerHealth.Usage.Metrics;

/// <summary>
/// Computes the rolling metrics for a run of as-of days in one pass: each window keeps counts of what
/// entered it and drops the day that leaves it, so a year of days costs one visit per stored row.
/// </summary>
public static class EngagementCalculator
{
    public static List<EngagementSnapshot> Compute(AccountHistory history, UsageWindows windows, DateOnly first, DateOnly last)
    {
        var core = windows.CoreFeatures.ToHashSet(StringComparer.Ordinal);
        var wau = new SlidingDistinct();
        var mau = new SlidingDistinct();
        var coreUsed = new SlidingDistinct();
        var firstDays = history.UserFirstDays.Order().ToArray();
        long dauSum = 0, last14 = 0, previous14 = 0;
        var lastActive = history.LastActiveBefore;
        var snapshots = new List<EngagementSnapshot>(Math.Max(0, last.DayNumber - first.DayNumber + 1));

        for (var day = history.From; day <= last; day = day.AddDays(1))
        {
            var users = UsersOn(history, day);
            var features = FeaturesOn(history, day);
            wau.Add(users);
            mau.Add(users);
            coreUsed.Add(CoreOf(features, core));
            dauSum += users.Count;
            var events = features.Sum(f => f.Events);
            last14 += events;
            previous14 += EventsOn(history, day.AddDays(-windows.TrendDays)) - EventsOn(history, day.AddDays(-2 * windows.TrendDays));
            last14 -= EventsOn(history, day.AddDays(-windows.TrendDays));
            wau.Remove(UsersOn(history, day.AddDays(-windows.WauDays)));
            mau.Remove(UsersOn(history, day.AddDays(-windows.MauDays)));
            coreUsed.Remove(CoreOf(FeaturesOn(history, day.AddDays(-windows.MauDays)), core));
            dauSum -= UsersOn(history, day.AddDays(-windows.MauDays)).Count;
            foreach (var f in features)
            {
                if (lastActive is null || f.LastAt > lastActive)
                {
                    lastActive = f.LastAt;
                }
            }

            if (day < first)
            {
                continue;
            }

            snapshots.Add(new EngagementSnapshot(
                day,
                users.Count,
                wau.Count,
                mau.Count,
                (double)dauSum / windows.MauDays,
                CountUpTo(firstDays, day),
                coreUsed.Count,
                core.Count,
                last14,
                previous14,
                lastActive,
                events,
                features.Sum(f => f.Quantity),
                features.OrderByDescending(f => f.Events).ThenBy(f => f.Feature, StringComparer.Ordinal).ToList()));
        }

        return snapshots;
    }

    private static IReadOnlyList<string> UsersOn(AccountHistory history, DateOnly day) =>
        history.UsersByDay.TryGetValue(day, out var users) ? users : [];

    private static IReadOnlyList<DailyFeatureRow> FeaturesOn(AccountHistory history, DateOnly day) =>
        history.FeaturesByDay.TryGetValue(day, out var rows) ? rows : [];

    private static long EventsOn(AccountHistory history, DateOnly day) => FeaturesOn(history, day).Sum(f => f.Events);

    private static IEnumerable<string> CoreOf(IReadOnlyList<DailyFeatureRow> rows, HashSet<string> core) =>
        rows.Where(r => core.Contains(r.Feature)).Select(r => r.Feature);

    private static int CountUpTo(DateOnly[] sortedDays, DateOnly day)
    {
        var index = Array.BinarySearch(sortedDays, day.AddDays(1));
        // Count of elements < day + 1.
        if (index < 0)
        {
            return ~index;
        }

        while (index > 0 && sortedDays[index - 1] == day.AddDays(1))
        {
            index--;
        }

        return index;
    }

    /// <summary>Distinct keys over a sliding set of days: a key stays while any day in the window has it.</summary>
    private sealed class SlidingDistinct
    {
        private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

        public int Count => _counts.Count;

        public void Add(IEnumerable<string> keys)
        {
            foreach (var key in keys)
            {
                _counts[key] = _counts.GetValueOrDefault(key) + 1;
            }
        }

        public void Remove(IEnumerable<string> keys)
        {
            foreach (var key in keys)
            {
                if (_counts.TryGetValue(key, out var count))
                {
                    if (count <= 1)
                    {
                        _counts.Remove(key);
                    }
                    else
                    {
                        _counts[key] = count - 1;
                    }
                }
            }
        }
    }
}
