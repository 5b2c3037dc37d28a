using System.Diagnostics;
using CustomerHealth.Contracts.Billing;
using CustomerHealth.Scoring.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace CustomerHealth.ScoringBench;

/// <summary>
/// The client's view of the same latency: publishes one revenue event at a time to a probe account
/// and polls GetAccountHealth every 10 ms until its revenue_event_count shows it (so a sample can be
/// up to one poll late), then pauses 250 ms. Runs alongside the load.
/// </summary>
public static class ApiProbe
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(10);

    public static async Task<List<double>> RunAsync(BenchEnvironment environment, SignalPublisher publisher, string run, CancellationToken stop)
    {
        using var channel = GrpcChannel.ForAddress(environment.ScoringEndpoint.GrpcUrl);
        var client = new ScoringService.ScoringServiceClient(channel);
        var account = $"probe-{run}";
        var samples = new List<double>();
        for (var seq = 1; !stop.IsCancellationRequested; seq++)
        {
            var clock = Stopwatch.StartNew();
            await publisher.PublishAsync(new RevenueChangedV1($"probe-{run}-{seq}", account, "expansion", 1000 * seq, "USD", DateTimeOffset.UtcNow, "growth", "bench", DateTimeOffset.UtcNow));
            while (await RevenueEventsAsync(client, account) < seq)
            {
                if (clock.Elapsed > TimeSpan.FromMinutes(2))
                {
                    return samples;
                }

                await Task.Delay(PollEvery, CancellationToken.None);
            }

            samples.Add(clock.Elapsed.TotalMilliseconds);
            await Task.Delay(250, CancellationToken.None);
        }

        return samples;
    }

    private static async Task<long> RevenueEventsAsync(ScoringService.ScoringServiceClient client, string account)
    {
        try
        {
            return (await client.GetAccountHealthAsync(new GetAccountHealthRequest { AccountId = account })).Health.RevenueEventCount;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return 0;
        }
    }
}
