using System.Diagnostics;
using CustomerHealth.Scoring.Accounts;
using CustomerHealth.Scoring.Signals;

namespace CustomerHealth.ScoringBench;

/// <summary>
/// A day of live usage for accounts in steady use: one usage snapshot per account per minute (what
/// the usage service's 60-s signal window sends), applied through scoring's own write path in this
/// process, one transaction per minute holding every account's snapshot. Prints the apply time per
/// four hours of the day (does the cost per signal grow with the account's history?) and what the
/// aggregate and read model weigh at the end of the day.
/// </summary>
public static class LiveUsageBench
{
    public sealed record Result(int Accounts, int Signals, IReadOnlyList<TimeSpan> PerFourHours, TimeSpan Total, string Cpu)
    {
        /// <summary>Wall time per signal applied in each four hours of the simulated day.</summary>
        public IReadOnlyList<double> MsPerSignal => [.. PerFourHours.Select(t => t.TotalMilliseconds / (Accounts * 240))];
    }

    public static async Task<Result> RunAsync(BenchEnvironment environment, InProcessScoring scoring, BenchOptions options)
    {
        var writer = scoring.NewWriter();
        var accounts = Enumerable.Range(0, options.LiveUsageAccounts).Select(i => $"live-usage-{i:D4}").ToArray();
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        var blocks = new List<TimeSpan>();
        var cpu = CpuMeter.Start(environment);
        var total = Stopwatch.StartNew();
        var block = Stopwatch.StartNew();
        for (var minute = 0; minute < 24 * 60; minute++)
        {
            var at = start.AddMinutes(minute);
            var changes = accounts.Select((account, i) => (AccountChange)new SignalReceived(account, Snapshot(account, i, minute, at))).ToList();
            await writer.ApplyAsync(changes, CancellationToken.None);
            if ((minute + 1) % (4 * 60) == 0)
            {
                blocks.Add(block.Elapsed);
                block.Restart();
            }
        }

        var elapsed = total.Elapsed;
        var signals = accounts.Length * 24 * 60;
        return new Result(accounts.Length, signals, blocks, elapsed, cpu.Describe(elapsed, signals, "signal"));
    }

    /// <summary>Metrics drift a little from minute to minute, as a busy account's rolling figures do.</summary>
    private static UsageMeasured Snapshot(string account, int index, int minute, DateTimeOffset at)
    {
        var mau = 200 + index + (minute / 60);
        return new UsageMeasured(
            $"usage/live-bench/{account}/{minute}", DateOnly.FromDateTime(at.UtcDateTime), 60 + (minute % 17), mau / 2, mau, 55.5 + (minute % 13), mau,
            4, 5, 20_000 + (10 * minute), 19_000, at, at);
    }
}
