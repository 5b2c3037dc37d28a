namespace CustomerHealth.Scoring.Signals;

/// <summary>Revenue signals in the order they occurred, ties broken by source id so the order is total and the latest MRR deterministic.</summary>
public static class RevenueOrder
{
    public static int Compare(RevenueRecorded x, RevenueRecorded y)
    {
        var byTime = x.OccurredAt.CompareTo(y.OccurredAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(x.SourceId, y.SourceId);
    }

    public static RevenueRecorded Later(RevenueRecorded? current, RevenueRecorded candidate) =>
        current is null || Compare(candidate, current) > 0 ? candidate : current;

    public static RevenueRecorded Earlier(RevenueRecorded? current, RevenueRecorded candidate) =>
        current is null || Compare(candidate, current) < 0 ? candidate : current;
}
