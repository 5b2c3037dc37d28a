namespace CustomerHealth.Usage.Metrics;

/// <summary>An account's engagement as of the end of one UTC day, with that day's own totals.</summary>
public sealed record EngagementSnapshot(
    DateOnly Day,
    int Dau,
    int Wau,
    int Mau,
    double AverageDau,
    int ActiveUsers,
    int CoreFeaturesUsed,
    int CoreFeaturesConfigured,
    long EventsLast14Days,
    long EventsPrevious14Days,
    DateTimeOffset? LastActiveAt,
    long Events,
    long Quantity,
    IReadOnlyList<DailyFeatureRow> Features)
{
    public double Stickiness => Mau == 0 ? 0 : AverageDau / Mau;

    public double CoreFeatureAdoption => CoreFeaturesConfigured == 0 ? 0 : (double)CoreFeaturesUsed / CoreFeaturesConfigured;

    /// <summary>Relative change of the last 14 days against the 14 before; null when there is nothing to compare with.</summary>
    public double? UsageTrend => EventsPrevious14Days == 0 ? null : (double)(EventsLast14Days - EventsPrevious14Days) / EventsPrevious14Days;
}
