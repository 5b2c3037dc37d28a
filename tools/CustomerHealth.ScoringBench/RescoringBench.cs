using System.Diagnostics;
using CustomerHealth.Scoring.V1;
using Grpc.Net.Client;

namespace CustomerHealth.ScoringBench;

/// <summary>
/// Rescoring after PublishScorecard: publishes the current scorecard with one weight changed and
/// polls GetScorecard's progress every 250 ms until it says completed. The figure is the service's
/// own progress record (started_at → completed_at); the client's wall time is printed beside it.
/// </summary>
public static class RescoringBench
{
    public sealed record Result(long Accounts, TimeSpan ServerTime, TimeSpan ClientTime, string Cpu);

    public static async Task<Result> RunAsync(BenchEnvironment environment)
    {
        using var channel = GrpcChannel.ForAddress(environment.ScoringEndpoint.GrpcUrl);
        var client = new ScoringService.ScoringServiceClient(channel);
        var current = (await client.GetScorecardAsync(new GetScorecardRequest())).Scorecard;
        var next = current.Clone();
        next.Name = $"bench scorecard after v{current.Version}";
        next.Measures[0].Weight += 1;

        var cpu = CpuMeter.Start(environment);
        var clock = Stopwatch.StartNew();
        var published = await client.PublishScorecardAsync(new PublishScorecardRequest { Scorecard = next, Author = "scoring-bench" });
        RescoreProgress progress = published.Progress;
        var lastPrint = Stopwatch.StartNew();
        while (!progress.Completed)
        {
            await Task.Delay(250);
            progress = (await client.GetScorecardAsync(new GetScorecardRequest { Version = published.Version })).Progress;
            if (lastPrint.Elapsed > TimeSpan.FromSeconds(5))
            {
                Console.WriteLine($"  rescoring v{published.Version}: {progress.AccountsDone:N0} of {progress.AccountsTotal:N0} after {clock.Elapsed.TotalSeconds:0} s");
                lastPrint.Restart();
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(20))
            {
                throw new TimeoutException($"Rescoring did not complete in 20 minutes: {progress}");
            }
        }

        var elapsed = clock.Elapsed;
        return new Result(progress.AccountsDone, progress.CompletedAt.ToDateTime() - progress.StartedAt.ToDateTime(), elapsed, cpu.Describe(elapsed, progress.AccountsDone, "account"));
    }
}
