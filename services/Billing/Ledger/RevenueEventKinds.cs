namespace CustomerHealth.Billing.Ledger;

/// <summary>The revenue event kinds billing systems may report.</summary>
public static class RevenueEventKinds
{
    public const string SubscriptionStarted = "subscription_started";
    public const string SubscriptionChanged = "subscription_changed";
    public const string SubscriptionCancelled = "subscription_cancelled";
    public const string SubscriptionReactivated = "subscription_reactivated";
    public const string TrialStarted = "trial_started";
    public const string TrialConverted = "trial_converted";
    public const string InvoicePaid = "invoice_paid";
    public const string PaymentFailed = "payment_failed";
    public const string PaymentRecovered = "payment_recovered";
    public const string InvoiceOverdue = "invoice_overdue";
    public const string Refund = "refund";
    public const string RenewalScheduled = "renewal_scheduled";

    /// <summary>Not reported by billing systems: the ledger's own cause for MRR lost after the grace window.</summary>
    public const string InvoluntaryChurn = "involuntary_churn";

    /// <summary>Not reported by billing systems: an involuntary churn undone by a recovery dated inside its grace window that arrived later.</summary>
    public const string InvoluntaryChurnReversed = "involuntary_churn_reversed";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        SubscriptionStarted, SubscriptionChanged, SubscriptionCancelled, SubscriptionReactivated,
        TrialStarted, TrialConverted, InvoicePaid, PaymentFailed, PaymentRecovered, InvoiceOverdue, Refund, RenewalScheduled,
    };

    /// <summary>Kinds that say what the subscription is worth now, so they must state the MRR.</summary>
    public static readonly IReadOnlySet<string> SetMrr = new HashSet<string>(StringComparer.Ordinal)
    {
        SubscriptionStarted, SubscriptionChanged, SubscriptionReactivated, TrialConverted,
    };

    /// <summary>Kinds that describe the subscription itself (plan, quantity).</summary>
    public static readonly IReadOnlySet<string> Subscription = new HashSet<string>(StringComparer.Ordinal)
    {
        SubscriptionStarted, SubscriptionChanged, SubscriptionCancelled, SubscriptionReactivated, TrialStarted, TrialConverted,
    };

    /// <summary>Kinds about one invoice or payment.</summary>
    public static readonly IReadOnlySet<string> Invoice = new HashSet<string>(StringComparer.Ordinal)
    {
        InvoicePaid, PaymentFailed, PaymentRecovered, InvoiceOverdue, Refund,
    };

    /// <summary>Kinds the ledger records itself when it decides something (never accepted from billing systems).</summary>
    public static bool IsLedgerDecision(string kind) => kind is InvoluntaryChurn or InvoluntaryChurnReversed;

    /// <summary>Kinds that settle outstanding invoices.</summary>
    public static bool Settles(string kind) => kind is InvoicePaid or PaymentRecovered;
}
