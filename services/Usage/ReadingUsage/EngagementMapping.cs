using CustomerHealth.Usage.Metrics;
using CustomerHealth.Usage.V1;
using Google.Protobuf.WellKnownTypes;

namespace CustomerHealth.Usage.ReadingUsage;

/// <summary>Snapshots and definitions in their API shape.</summary>
public static class EngagementMapping
{
    public static EngagementMetrics ToMetrics(this EngagementSnapshot s)
    {
        var metrics = new EngagementMetrics
        {
            AsOfDay = UtcDay.ToText(s.Day),
            Dau = s.Dau,
            Wau = s.Wau,
            Mau = s.Mau,
            AverageDau = s.AverageDau,
            Stickiness = s.Stickiness,
            ActiveUsers = s.ActiveUsers,
            CoreFeaturesUsed = s.CoreFeaturesUsed,
            CoreFeaturesConfigured = s.CoreFeaturesConfigured,
            CoreFeatureAdoption = s.CoreFeatureAdoption,
            EventsLast14Days = s.EventsLast14Days,
            EventsPrevious14Days = s.EventsPrevious14Days,
            LastActiveAt = s.LastActiveAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
        };
        if (s.UsageTrend is { } trend)
        {
            metrics.UsageTrend = trend;
        }

        return metrics;
    }

    public static DailyUsage ToDaily(this EngagementSnapshot s) => new()
    {
        Day = UtcDay.ToText(s.Day),
        ActiveUsers = s.Dau,
        Events = s.Events,
        Quantity = s.Quantity,
        Wau = s.Wau,
        Mau = s.Mau,
        Features = { s.Features.Select(f => new FeatureUsage { Feature = f.Feature, Events = f.Events, Quantity = f.Quantity }) },
    };

    public static MetricDefinitions ToDefinitions(this UsageWindows windows) => new()
    {
        WauWindowDays = windows.WauDays,
        MauWindowDays = windows.MauDays,
        TrendWindowDays = windows.TrendDays,
        RetentionDays = windows.RetentionDays,
        CoreFeatures = { windows.CoreFeatures },
    };
}
