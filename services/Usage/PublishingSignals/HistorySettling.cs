namespace CustomerHealth.Usage.PublishingSignals;

/// <summary>
/// When an account's waiting past-day changes are published. Under steady traffic nearly every
/// account's history changes every second, so its waiting entry is re-stamped at most once per
/// <see cref="StampPeriod"/> (a quarter window) instead of on every change; an entry therefore goes out
/// once its stamp is <see cref="QuietPeriod"/> old, which guarantees at least a window of quiet, or
/// once it has waited <see cref="LongestWait"/>, so late events that never stop (devices syncing
/// offline use all day) still reach scoring, at most once per account per longest wait.
/// </summary>
public static class HistorySettling
{
    public static TimeSpan StampPeriod(TimeSpan window) => window / 4;

    public static TimeSpan QuietPeriod(TimeSpan window) => window + StampPeriod(window);

    public static TimeSpan LongestWait(TimeSpan window) => window * 10;
}
