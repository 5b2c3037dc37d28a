using System.Diagnostics;
using CustomerHealth.Scoring.V1;
using CustomerHealth.Testing;
using Grpc.Core;
using Grpc.Net.Client;

namespace CustomerHealth.BillingBench;

/// <summary>
/// HOOK (--through-scoring): the end-to-end count through scoring. Once scoring's store counts
/// what billing accepted, sums GetAccountHealth's revenue_event_count over every benchmark account,
/// and reports the end-to-end rate, how long scoring took to catch up and where the CPU went.
/// </summary>
public static class ScoringHook
{
    public static Task StartAsync(BenchSystem system) => system.StartServiceAsync(ServiceTopology.Scoring);

    /// <summary>
    /// Waits (polling scoring's database once a second, which costs scoring nothing) until the counts
    /// reach <paramref name="expected"/>, then confirms the sum through the API.
    /// </summary>
    public static async Task CountAsync(BenchSystem system, BenchOptions options, RevenueRun run)
    {
        var wait = Stopwatch.StartNew();
        var expected = run.CountedBefore + run.Accepted;
        var stored = await WaitForCountAsync(system, expected, TimeSpan.FromMinutes(10));
        var caughtUp = wait.Elapsed;
        var endToEnd = run.Started.Elapsed;
        // Read before the API check below, which would add 5,000 reads of its own to both.
        var cpu = run.Cpu.Describe("from the first revenue batch until scoring had applied every event", endToEnd, run.Accepted, "event");
        var statements = await system.TopStatementsAsync("billing and scoring, the same stretch");
        var counted = await ApiCountAsync(system, options);
        Console.WriteLine($"  through scoring (revenue_event_count): {counted:N0} of {expected:N0} by the API ({stored:N0} in scoring's store; warm-up and first event {run.CountedBefore:N0}), {caughtUp.TotalSeconds:F1} s after billing drained");
        Console.WriteLine($"  end to end (ingest → RabbitMQ → scoring → Marten): {run.Accepted / endToEnd.TotalSeconds:N0} events/s over {endToEnd.TotalSeconds:F1} s");
        Console.WriteLine(cpu);
        Console.WriteLine(statements);
    }

    /// <summary>Polls scoring's store once a second until it counts <paramref name="expected"/> revenue events; returns the last count.</summary>
    public static async Task<long> WaitForCountAsync(BenchSystem system, long expected, TimeSpan timeout)
    {
        var wait = Stopwatch.StartNew();
        long stored;
        while ((stored = await StoredCountAsync(system)) < expected && wait.Elapsed < timeout)
        {
            await Task.Delay(1_000);
        }

        return stored;
    }

    private static async Task<long> StoredCountAsync(BenchSystem system) =>
        await OutboxProbe.CountAsync(system.Database,
            "select coalesce(sum(coalesce(data->>'RevenueEventCount', data->>'revenueEventCount')::bigint), 0) from scoring.mt_doc_accounthealth where id like 'bench-%'");

    private static async Task<long> ApiCountAsync(BenchSystem system, BenchOptions options)
    {
        using var channel = GrpcChannel.ForAddress(system.GrpcUrlOf(ServiceTopology.Scoring));
        var scoring = new ScoringService.ScoringServiceClient(channel);
        long counted = 0;
        foreach (var chunk in Enumerable.Range(0, options.Accounts).Chunk(64))
        {
            var answers = await Task.WhenAll(chunk.Select(async i =>
            {
                try
                {
                    return (await scoring.GetAccountHealthAsync(new GetAccountHealthRequest { AccountId = $"bench-{i}" })).Health.RevenueEventCount;
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
                {
                    return 0L;
                }
            }));
            counted += answers.Sum();
        }

        return counted;
    }
}
