namespace CustomerHealth.Scoring.Accounts;

/// <summary>
/// Serialises work on the same account inside one process (the batch consumers of different
/// signal kinds run concurrently); other instances are kept honest by optimistic concurrency.
/// Locks are taken in a fixed order, so two batches can never wait on each other.
/// </summary>
public sealed class AccountLocks
{
    public const int Stripes = 256;

    private readonly SemaphoreSlim[] _stripes = [.. Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1))];

    /// <summary>The lock stripe of an account: work split by stripe never waits on itself.</summary>
    public static int StripeOf(string accountId) => (int)((uint)StringComparer.Ordinal.GetHashCode(accountId) % Stripes);

    public async Task<IDisposable> AcquireAsync(IEnumerable<string> accountIds, CancellationToken ct)
    {
        var stripes = accountIds.Select(StripeOf).Distinct().Order().ToList();
        var held = new List<SemaphoreSlim>(stripes.Count);
        try
        {
            foreach (var stripe in stripes)
            {
                await _stripes[stripe].WaitAsync(ct);
                held.Add(_stripes[stripe]);
            }
        }
        catch
        {
            held.ForEach(s => s.Release());
            throw;
        }

        return new Release(held);
    }

    private sealed class Release(List<SemaphoreSlim> held) : IDisposable
    {
        public void Dispose() => held.ForEach(s => s.Release());
    }
}
