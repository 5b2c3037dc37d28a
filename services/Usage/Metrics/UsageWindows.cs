namespace CustomerHealth.Usage.Metrics;

/// <summary>The windows the engagement metrics are defined over (docs/metrics.md).</summary>
public sealed record UsageWindows(int WauDays, int MauDays, int TrendDays, int RetentionDays, IReadOnlyList<string> CoreFeatures)
{
    public const int Wau = 7;
    public const int Trend = 14;

    /// <summary>
    /// How many days of history one as-of day looks at: the MAU window or the two trend windows,
    /// whichever is longer. An event therefore changes the metrics of its own day and the
    /// <see cref="InfluenceDays"/> days after it.
    /// </summary>
    public int SpanDays => Math.Max(MauDays, 2 * TrendDays);

    public int InfluenceDays => SpanDays - 1;

    public static UsageWindows From(UsageOptions options) =>
        new(Wau, options.MauWindowDays, Trend, options.RetentionDays, options.CoreFeatures.Distinct(StringComparer.Ordinal).ToList());
}
