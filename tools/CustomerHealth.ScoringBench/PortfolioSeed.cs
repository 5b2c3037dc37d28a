using System.Diagnostics;

namespace CustomerHealth.ScoringBench;

/// <summary>
/// Seeds the portfolio through scoring's own write path (<c>AccountScoring.ApplyAsync</c>, in this
/// process): 200 accounts per transaction, each with its directory entry and signals, so every
/// document, alert and outbox row is exactly what live delivery would have produced.
/// </summary>
public static class PortfolioSeed
{
    private const int AccountsPerBatch = 200;

    public static async Task<TimeSpan> RunAsync(InProcessScoring scoring, BenchOptions options)
    {
        var now = DateTimeOffset.UtcNow;
        var next = -1;
        var done = 0;
        var clock = Stopwatch.StartNew();
        var batches = (options.Accounts + AccountsPerBatch - 1) / AccountsPerBatch;
        await Task.WhenAll(Enumerable.Range(0, options.SeedWriters).Select(_ => Task.Run(async () =>
        {
            var writer = scoring.NewWriter();
            int batch;
            while ((batch = Interlocked.Increment(ref next)) < batches)
            {
                var first = batch * AccountsPerBatch;
                var accounts = Enumerable.Range(first, Math.Min(AccountsPerBatch, options.Accounts - first));
                await writer.ApplyAsync([.. accounts.SelectMany(i => SyntheticPortfolio.SeedChanges(i, now))], CancellationToken.None);
                var total = Interlocked.Add(ref done, AccountsPerBatch);
                if (total % 10_000 == 0)
                {
                    Console.WriteLine($"  seeded {total:N0} accounts, {total / clock.Elapsed.TotalSeconds:N0}/s");
                }
            }
        })));
        return clock.Elapsed;
    }
}
