using JasperFx.Events;
using Marten;

namespace CustomerHealth.Billing.RecordingRevenue;

/// <summary>Billing's Marten schema: the recorded events (idempotency keys), the rejected ones, and each account's revenue stream.</summary>
public static class BillingStore
{
    public static void Configure(StoreOptions opts)
    {
        opts.Events.AppendMode = EventAppendMode.Quick;
        opts.Schema.For<RecordedRevenueEvent>().Index(x => x.AccountId);
        opts.Schema.For<RejectedRevenueEvent>();
        opts.Events.AddEventType<RevenueEventRecorded>();
    }
}
