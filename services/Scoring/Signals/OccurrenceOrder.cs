namespace CustomerHealth.Scoring.Signals;

/// <summary>Signals in the order they occurred, ties broken by source id so the order is total (the latest MRR, the evidence shown are deterministic).</summary>
public static class OccurrenceOrder
{
    public static readonly IComparer<IAccountSignal> Comparer = Comparer<IAccountSignal>.Create(Compare);

    public static int Compare(IAccountSignal? x, IAccountSignal? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var byTime = x.OccurredAt.CompareTo(y.OccurredAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(x.SourceId, y.SourceId);
    }

    public static T Later<T>(T? current, T candidate)
        where T : class, IAccountSignal =>
        current is null || Compare(candidate, current) > 0 ? candidate : current;

    public static T Earlier<T>(T? current, T candidate)
        where T : class, IAccountSignal =>
        current is null || Compare(candidate, current) < 0 ? candidate : current;
}
