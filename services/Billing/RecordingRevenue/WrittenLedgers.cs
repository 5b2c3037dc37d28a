using CustomerHealth.Billing.Ledger;
using CustomerHealth.ServiceDefaults.Persistence;
using Marten;

namespace CustomerHealth.Billing.RecordingRevenue;

/// <summary>
/// The ledgers this instance last wrote: recording the next event for an account compares versions
/// instead of reloading its ledger's JSON (every event reads its account's ledger). A ledger is the
/// fold of its account's stream and every write of one appends to that stream (the recorder and the
/// involuntary-churn scan), so the stream's version says which ledger the row holds.
/// </summary>
public static class WrittenLedgers
{
    public const string CapacitySetting = "Billing:CachedLedgers";
    public const int DefaultCapacity = 20_000;

    public static WrittenDocumentCache<RevenueLedger> For(IDocumentStore store, int capacity = DefaultCapacity) =>
        WrittenDocumentCache<RevenueLedger>.ByStreamVersion(store.Options.Events.DatabaseSchemaName, l => l.Id, capacity);
}
