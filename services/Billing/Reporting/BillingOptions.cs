namespace CustomerHealth.Billing.Reporting;

/// <summary>Configuration section "Billing".</summary>
public sealed class BillingOptions
{
    /// <summary>The currency portfolio totals are reported in.</summary>
    public string ReportingCurrency { get; set; } = "USD";

    /// <summary>Units of the reporting currency for one unit (major, e.g. 1 EUR) of each other currency.</summary>
    public Dictionary<string, decimal> ExchangeRates { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long a payment failure may stay unrecovered before the account counts as involuntarily churned.</summary>
    public int InvoluntaryChurnGraceDays { get; set; } = 14;

    /// <summary>How often the watcher looks for grace windows that have ended.</summary>
    public TimeSpan InvoluntaryChurnScanInterval { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan Grace => TimeSpan.FromDays(InvoluntaryChurnGraceDays);
}
