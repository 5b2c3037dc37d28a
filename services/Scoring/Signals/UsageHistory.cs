namespace CustomerHealth.Scoring.Signals;

/// <summary>
/// The usage signals an account's facts keep. A usage signal is a snapshot of rolling metrics, so
/// at any moment only the newest one counts; but live traffic sends one per account per signal
/// window (every minute under steady use), and keeping them all would grow the facts, read and
/// rewritten with every signal, by ~1,440 a day. Kept: on the newest <see cref="DetailDays"/> usage
/// days the last signal of each hour, on older days the last signal of the day (the history the
/// usage issue asks for: what was true on each day). Signals tied at the same moment are all kept,
/// and the evaluator decides between them as before. A signal once superseded stays superseded
/// whatever arrives later, so the kept set does not depend on arrival order.
/// </summary>
public static class UsageHistory
{
    /// <summary>Usage days, counted back from the newest, that keep a signal per hour.</summary>
    public const int DetailDays = 2;

    /// <summary>The newest usage signal that had occurred by <paramref name="at"/>.</summary>
    public static UsageMeasured? LatestAt(IEnumerable<UsageMeasured> usage, DateTimeOffset at) =>
        usage.Where(u => u.OccurredAt <= at).OrderBy(u => u.AsOfDay).ThenBy(u => u.OccurredAt).LastOrDefault();

    /// <summary>The kept signals with <paramref name="signal"/> added, less those it or the shift of the newest day supersedes.</summary>
    public static IReadOnlyList<UsageMeasured> Add(IReadOnlyList<UsageMeasured> kept, UsageMeasured signal)
    {
        var all = new List<UsageMeasured>(kept.Count + 1);
        all.AddRange(kept);
        all.Add(signal);
        var newestDay = all.Max(u => u.AsOfDay);
        var lastInBucket = new Dictionary<(DateOnly, long), DateTimeOffset>();
        foreach (var u in all)
        {
            var bucket = BucketOf(u, newestDay);
            if (!lastInBucket.TryGetValue(bucket, out var last) || u.OccurredAt > last)
            {
                lastInBucket[bucket] = u.OccurredAt;
            }
        }

        all.RemoveAll(u => u.OccurredAt < lastInBucket[BucketOf(u, newestDay)]);
        return all;
    }

    /// <summary>Whether adding <paramref name="signal"/> would keep the facts as they are: a later signal of its hour or day is kept already.</summary>
    public static bool IsSuperseded(IReadOnlyList<UsageMeasured> kept, UsageMeasured signal) => !Add(kept, signal).Contains(signal);

    private static (DateOnly Day, long Hour) BucketOf(UsageMeasured u, DateOnly newestDay) =>
        u.AsOfDay.DayNumber > newestDay.DayNumber - DetailDays ? (u.AsOfDay, u.OccurredAt.UtcTicks / TimeSpan.TicksPerHour) : (u.AsOfDay, -1);
}
