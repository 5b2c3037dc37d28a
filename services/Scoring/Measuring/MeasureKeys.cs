namespace CustomerHealth.Scoring.Measuring;

/// <summary>The signals a scorecard can measure. Each maps account facts to one raw value.</summary>
public static class MeasureKeys
{
    public const string Stickiness = "stickiness";
    public const string SeatUtilisation = "seat_utilisation";
    public const string UsageTrend = "usage_trend";
    public const string FeatureAdoption = "feature_adoption";
    public const string Nps = "nps";
    public const string Csat = "csat";
    public const string Ces = "ces";
    public const string TicketPressure = "ticket_pressure";
    public const string PaymentHealth = "payment_health";
    public const string RevenueTrend = "revenue_trend";

    public static readonly IReadOnlyList<string> All =
    [
        Stickiness, SeatUtilisation, UsageTrend, FeatureAdoption, Nps, Csat, Ces, TicketPressure, PaymentHealth, RevenueTrend,
    ];

    /// <summary>Where each measure's detail lives, for the explain drill-down.</summary>
    public static string SourceService(string key) => key switch
    {
        Stickiness or SeatUtilisation or UsageTrend or FeatureAdoption => "usage",
        Nps or Csat or Ces or TicketPressure => "feedback",
        _ => "billing",
    };
}
