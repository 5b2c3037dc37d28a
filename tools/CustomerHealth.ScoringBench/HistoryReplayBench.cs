using System.Diagnostics;
using System.Threading.Channels;
using CustomerHealth.Scoring.Accounts;
using CustomerHealth.Scoring.Portfolio;
using Marten;

namespace CustomerHealth.ScoringBench;

/// <summary>
/// Replaying history: appends a year of signals for many accounts to their Marten streams (setup,
/// timed but not the figure), then rebuilds every account's ScoredAccount and AccountHealth from the
/// streams with <see cref="StreamRebuild"/> and writes them back. The figure is read + fold + derive +
/// daily history + write, end to end. Three stages overlap (read the next block of streams while the
/// previous one is computed and the one before is written).
/// </summary>
public static class HistoryReplayBench
{
    private const int AccountsPerAppend = 100;
    private const int AccountsPerBlock = 250;

    public sealed record Result(long Events, int Accounts, TimeSpan Append, TimeSpan Rebuild, TimeSpan Reading, TimeSpan Computing, TimeSpan Writing, long DailyPoints, long OpenAlerts, Distribution HistoryQuery, string Cpu);

    public static async Task<Result> RunAsync(BenchEnvironment environment, InProcessScoring scoring, BenchOptions options)
    {
        var perAccount = Math.Max(2, options.Events / options.ReplayAccounts);
        var now = DateTimeOffset.UtcNow;
        var append = await AppendAsync(scoring.Store, options.ReplayAccounts, perAccount, now);
        var events = (long)perAccount * options.ReplayAccounts;
        Console.WriteLine($"  appended {events:N0} events to {options.ReplayAccounts:N0} streams in {append.TotalSeconds:0.0} s ({events / append.TotalSeconds:N0} events/s, no projection)");
        // As a maintenance job would find it: appended data checkpointed and analysed.
        await environment.ScalarAsync("checkpoint");
        await environment.ScalarAsync("vacuum analyze scoring.mt_events");

        var versions = await scoring.Scorecards.VersionsAsync(CancellationToken.None);
        var rules = scoring.Rules;
        var rebuildNow = DateTimeOffset.UtcNow;
        var historyFrom = rebuildNow.AddDays(-365);
        var reading = new Stopwatch();
        var computing = new Stopwatch();
        var writing = new Stopwatch();
        long points = 0, alerts = 0;
        var read = Channel.CreateBounded<List<(string Id, List<object> Events)>>(2);
        var computed = Channel.CreateBounded<List<StreamRebuild.Rebuilt>>(2);
        var cpu = CpuMeter.Start(environment);
        var clock = Stopwatch.StartNew();

        var reader = Task.Run(async () =>
        {
            for (var first = 0; first < options.ReplayAccounts; first += AccountsPerBlock)
            {
                var ids = Enumerable.Range(first, Math.Min(AccountsPerBlock, options.ReplayAccounts - first)).Select(YearOfSignals.AccountId).ToArray();
                reading.Start();
                var block = await ReadStreamsAsync(scoring.Store, ids);
                reading.Stop();
                await read.Writer.WriteAsync(block);
            }

            read.Writer.Complete();
        });
        var computer = Task.Run(async () =>
        {
            await foreach (var block in read.Reader.ReadAllAsync())
            {
                computing.Start();
                var rebuilt = new StreamRebuild.Rebuilt[block.Count];
                Parallel.For(0, block.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
                    rebuilt[i] = StreamRebuild.Rebuild(block[i].Id, block[i].Events, versions, rules, rebuildNow, historyFrom));
                computing.Stop();
                Interlocked.Add(ref points, rebuilt.Sum(r => r.DailyPoints));
                Interlocked.Add(ref alerts, rebuilt.Sum(r => r.OpenAlerts));
                await computed.Writer.WriteAsync([.. rebuilt]);
            }

            computed.Writer.Complete();
        });
        var writer = Task.Run(async () =>
        {
            await foreach (var block in computed.Reader.ReadAllAsync())
            {
                writing.Start();
                await using var session = scoring.Store.LightweightSession();
                foreach (var r in block)
                {
                    session.Store(r.Account);
                    session.Store(r.Health);
                }

                await session.SaveChangesAsync();
                writing.Stop();
            }
        });
        await Task.WhenAll(reader, computer, writer);
        // An offline rebuild writes AccountHealth directly, so it owes the portfolio totals a rebuild too.
        await PortfolioTotalsRepair.RepairAsync("scoring", scoring.DataSource, CancellationToken.None);
        var rebuild = clock.Elapsed;
        var cpuLine = cpu.Describe(rebuild);

        var history = await HistoryQueriesAsync(scoring, options.ReplayAccounts);
        return new Result(events, options.ReplayAccounts, append, rebuild, reading.Elapsed, computing.Elapsed, writing.Elapsed, points, alerts, history, cpuLine);
    }

    private static async Task<TimeSpan> AppendAsync(IDocumentStore store, int accounts, int perAccount, DateTimeOffset now)
    {
        var clock = Stopwatch.StartNew();
        var next = -AccountsPerAppend;
        var appended = 0L;
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            int first;
            while ((first = Interlocked.Add(ref next, AccountsPerAppend)) < accounts)
            {
                await using var session = store.LightweightSession();
                for (var i = first; i < Math.Min(accounts, first + AccountsPerAppend); i++)
                {
                    session.Events.Append(YearOfSignals.AccountId(i), YearOfSignals.Events(i, perAccount, now));
                }

                await session.SaveChangesAsync();
                var total = Interlocked.Add(ref appended, (long)AccountsPerAppend * perAccount);
                if (total % 100_000 == 0)
                {
                    Console.WriteLine($"  appended {total:N0} events, {total / clock.Elapsed.TotalSeconds:N0}/s");
                }
            }
        })));
        return clock.Elapsed;
    }

    private static async Task<List<(string Id, List<object> Events)>> ReadStreamsAsync(IDocumentStore store, string[] ids)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().Where(e => ids.Contains(e.StreamKey!)).OrderBy(e => e.Sequence).ToListAsync();
        var byStream = events.GroupBy(e => e.StreamKey!).ToDictionary(g => g.Key, g => g.OrderBy(e => e.Version).Select(e => e.Data).ToList(), StringComparer.Ordinal);
        return [.. ids.Select(id => (id, byStream.GetValueOrDefault(id) ?? []))];
    }

    /// <summary>GetHealthHistory's computation (HealthHistory, in this process) over a year for a sample of the replayed accounts.</summary>
    private static async Task<Distribution> HistoryQueriesAsync(InProcessScoring scoring, int accounts)
    {
        var samples = new List<double>();
        var now = DateTimeOffset.UtcNow;
        await using var session = scoring.Store.QuerySession();
        var history = new HealthHistory(session, scoring.Scorecards);
        for (var i = 0; i < Math.Min(accounts, 220); i++)
        {
            var clock = Stopwatch.StartNew();
            _ = await history.ComputeAsync(YearOfSignals.AccountId(i * (accounts / Math.Min(accounts, 220))), now.AddDays(-365), now, CancellationToken.None);
            if (i >= 20)
            {
                samples.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        return new Distribution(samples);
    }
}
