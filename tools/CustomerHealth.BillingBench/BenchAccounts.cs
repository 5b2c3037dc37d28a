namespace CustomerHealth.BillingBench;

/// <summary>
/// Which account item <c>index</c> of batch <c>batch</c> belongs to: round robin over every account,
/// so a batch holds distinct accounts and each account sees the same share of the load. (Until
/// 2026-12-07 the account came from the item's number modulo the account count, which put each batch
/// on 500 neighbouring accounts 3 apart from the previous batch's: a 60-s run reached only ~1,200 of
/// the 5,000 accounts, each with ~100 events.)
/// </summary>
public static class BenchAccounts
{
    public static string Of(long batch, int index, int batchSize, int accounts) =>
        $"bench-{((batch * batchSize + index) % accounts + accounts) % accounts}";
}
