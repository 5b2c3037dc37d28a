using CustomerHealth.ServiceDefaults.Persistence;
using Marten;

namespace CustomerHealth.Scoring.Accounts;

/// <summary>
/// The aggregates this instance last wrote: the next signal for an account compares versions instead
/// of reloading its JSON (the aggregate is read back on every write).
/// </summary>
public static class WrittenAccounts
{
    public const string CapacitySetting = "Scoring:CachedAccounts";
    public const int DefaultCapacity = 20_000;

    public static WrittenDocumentCache<ScoredAccount> For(IDocumentStore store, int capacity = DefaultCapacity) =>
        WrittenDocumentCache<ScoredAccount>.ByDocumentVersion($"{store.Options.DatabaseSchemaName}.mt_doc_scoredaccount", a => a.Id, capacity);
}
