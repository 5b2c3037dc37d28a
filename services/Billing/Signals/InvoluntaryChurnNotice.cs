namespace CustomerHealth.Billing.Signals;

/// <summary>Marks an involuntary-churn signal as queued in the outbox, so neither the recorder nor the watcher sends it twice.</summary>
public sealed record InvoluntaryChurnNotice(string Id, string AccountId, DateTimeOffset QueuedAt);
