using System.Collections.Concurrent;
using System.Diagnostics;

namespace CustomerHealth.BillingBench;

/// <summary>What a load run achieved.</summary>
public sealed record LoadResult(long Sent, long Accepted, long RetriedBatches, TimeSpan Elapsed, IReadOnlyList<double> BatchMillis, IReadOnlyList<long> AcceptedPer10s)
{
    public double Rate => Accepted / Elapsed.TotalSeconds;

    public double Percentile(double p)
    {
        if (BatchMillis.Count == 0)
        {
            return 0;
        }

        var sorted = BatchMillis.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }
}

/// <summary>
/// Sends numbered batches from several concurrent callers, paced to a target rate (batch k starts no
/// earlier than k × size / rate seconds in). A failed batch is sent again (ingest is idempotent), so
/// every batch is accepted in the end.
/// </summary>
public static class PacedLoad
{
    /// <param name="send">Sends batch k and returns how many of its items were newly accepted.</param>
    public static async Task<LoadResult> RunAsync(Func<long, Task<int>> send, int batchSize, int rate, TimeSpan duration, int senders)
    {
        var clock = Stopwatch.StartNew();
        var latencies = new ConcurrentBag<double>();
        var windows = new long[(int)Math.Ceiling(duration.TotalSeconds / 10) + 1];
        long next = -1, accepted = 0, sent = 0, retried = 0;

        async Task Sender()
        {
            while (true)
            {
                var k = Interlocked.Increment(ref next);
                var due = rate > 0 ? TimeSpan.FromSeconds((double)k * batchSize / rate) : TimeSpan.Zero;
                if (due >= duration || clock.Elapsed >= duration)
                {
                    return;
                }

                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed);
                }

                var started = clock.Elapsed;
                int count;
                while (true)
                {
                    try
                    {
                        count = await send(k);
                        break;
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        Interlocked.Increment(ref retried);
                        Console.Error.WriteLine($"batch {k} failed, sending it again: {ex.GetType().Name}: {ex.Message}");
                        await Task.Delay(200);
                    }
                }

                latencies.Add((clock.Elapsed - started).TotalMilliseconds);
                Interlocked.Add(ref sent, batchSize);
                Interlocked.Add(ref accepted, count);
                Interlocked.Add(ref windows[Math.Min(windows.Length - 1, (int)(clock.Elapsed.TotalSeconds / 10))], count);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(Sender)));
        return new LoadResult(sent, accepted, retried, clock.Elapsed, [.. latencies], windows);
    }
}
