using CustomerHealth.Billing.Ledger;
using CustomerHealth.Billing.Rejections;
using CustomerHealth.Billing.Signals;
using JasperFx.Events.Projections;
using Marten;

namespace CustomerHealth.Billing.RecordingRevenue;

/// <summary>
/// Billing's Marten schema: the recorded events (idempotency keys, a table of their own), the dead letters, each account's
/// revenue stream and its ledger document, and the involuntary-churn notices.
/// </summary>
public static class BillingStore
{
    public static void Configure(StoreOptions opts)
    {
        opts.Storage.ExtendedSchemaObjects.Add(RecordedRevenueEvents.Define(opts.DatabaseSchemaName));
        opts.Schema.For<RejectedRevenueEvent>().Duplicate(x => x.RejectedAt);
        opts.Schema.For<RevenueLedger>().Duplicate(x => x.OpenFailureSince);
        opts.Schema.For<InvoluntaryChurnNotice>();
        opts.Events.AddEventType<RevenueEventRecorded>();
        // The recorder writes the ledger document with its events (it has computed it anyway); the
        // projection is registered so Marten can rebuild every ledger from the streams.
        opts.Projections.Add<RevenueLedgerProjection>(ProjectionLifecycle.Async);
    }
}
