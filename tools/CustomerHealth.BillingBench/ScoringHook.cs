using System.Diagnostics;
using CustomerHealth.Scoring.V1;
using CustomerHealth.Testing;
using Grpc.Core;
using Grpc.Net.Client;

namespace CustomerHealth.BillingBench;

/// <summary>
/// HOOK (--through-scoring): the end-to-end count through scoring. Sums GetAccountHealth's
/// revenue_event_count over every benchmark account until it equals what billing accepted, and
/// reports how long scoring took to catch up after ingest ended.
/// </summary>
public static class ScoringHook
{
    public static Task StartAsync(BenchSystem system) => system.StartServiceAsync(ServiceTopology.Scoring);

    public static async Task CountAsync(BenchSystem system, BenchOptions options, long expected)
    {
        using var channel = GrpcChannel.ForAddress(system.GrpcUrlOf(ServiceTopology.Scoring));
        var scoring = new ScoringService.ScoringServiceClient(channel);
        var wait = Stopwatch.StartNew();
        long counted = 0;
        while (wait.Elapsed < TimeSpan.FromMinutes(10))
        {
            counted = 0;
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

            if (counted >= expected)
            {
                break;
            }

            await Task.Delay(1_000);
        }

        Console.WriteLine($"  through scoring (revenue_event_count): {counted:N0} of {expected:N0}, {wait.Elapsed.TotalSeconds:F1} s after billing drained");
    }
}
