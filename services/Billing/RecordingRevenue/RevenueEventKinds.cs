namespace CustomerHealth.Billing.RecordingRevenue;

/// <summary>The revenue event kinds billing systems may report.</summary>
public static class RevenueEventKinds
{
    public const string SubscriptionStarted = "subscription_started";
    public const string SubscriptionChanged = "subscription_changed";
    public const string SubscriptionCancelled = "subscription_cancelled";
    public const string InvoicePaid = "invoice_paid";
    public const string PaymentFailed = "payment_failed";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        SubscriptionStarted, SubscriptionChanged, SubscriptionCancelled, InvoicePaid, PaymentFailed,
    };
}
