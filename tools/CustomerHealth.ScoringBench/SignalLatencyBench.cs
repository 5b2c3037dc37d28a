using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace CustomerHealth.ScoringBench;

/// <summary>
/// Signal → score and alert visible, under a sustained rate. Contract events are published to the
/// service's virtual host at a fixed pace over the whole portfolio. "Visible" is the commit of the
/// transaction that applied the signal: AccountScoring appends the signal to the account's stream
/// and writes the AccountHealth document and any alert in that one transaction, so PostgreSQL's commit
/// timestamp of the event row (track_commit_timestamp) is the moment a reader can first see the new
/// score and alert. That gives a latency for every signal without polling load; a small API probe polling
/// GetAccountHealth cross-checks it from a client's side.
/// </summary>
public static class SignalLatencyBench
{
    private const int MaxInFlight = 4_000;

    public sealed record Result(
        int Published,
        double PublishRate,
        double AppliedRateDuringLoad,
        Distribution PublishToVisible,
        Distribution ConfirmedToVisible,
        Distribution PublishToApplyStart,
        Distribution ApplyStartToVisible,
        Distribution ApiProbe,
        int Missing,
        long Transactions,
        long MaxBacklog,
        TimeSpan DrainAfterLoad,
        double DrainRate,
        string Cpu);

    public static async Task<Result> RunAsync(BenchEnvironment environment, BenchOptions options, int rate)
    {
        var run = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        var firstSeq = await environment.ScalarAsync("select coalesce(max(seq_id), 0) from scoring.mt_events");
        await using var publisher = await SignalPublisher.StartAsync(environment.Broker);
        var total = rate * options.Seconds;
        var started = new long[total];
        var confirmed = new long[total];
        using var gate = new SemaphoreSlim(MaxInFlight);
        var publishes = new List<Task>(total);

        var cpu = CpuMeter.Start(environment);
        using var stopProbe = new CancellationTokenSource();
        var probe = ApiProbe.RunAsync(environment, publisher, run, stopProbe.Token);
        using var queues = new QueueMonitor(environment.BrokerManagement, environment.Broker);
        using var stopMonitor = new CancellationTokenSource();
        var sent = 0;
        var monitor = queues.RunAsync(TimeSpan.FromSeconds(10), () => $"published {Volatile.Read(ref sent):N0}", stopMonitor.Token);
        var clock = Stopwatch.StartNew();
        while (sent < total)
        {
            var due = Math.Min(total, (int)(clock.Elapsed.TotalSeconds * rate));
            while (sent < due)
            {
                var n = sent++;
                var signal = LiveSignals.Make(run, n, options.Accounts, DateTimeOffset.UtcNow);
                await gate.WaitAsync();
                started[n] = DateTime.UtcNow.Ticks;
                publishes.Add(PublishAsync(publisher, signal.Message, n, confirmed, gate));
            }

            await Task.Delay(1);
        }

        await Task.WhenAll(publishes);
        var loadElapsed = clock.Elapsed;
        await stopProbe.CancelAsync();
        var probeSamples = await probe;
        Console.WriteLine($"  published {total:N0} signals in {loadElapsed.TotalSeconds:0.0} s ({total / loadElapsed.TotalSeconds:N0}/s); waiting for scoring to apply them all...");

        var pattern = $"%/lat-{run}-%";
        var drain = await WaitUntilAppliedAsync(environment, queues, pattern, firstSeq, total);
        await stopMonitor.CancelAsync();
        await monitor;
        var cpuLine = cpu.Describe(clock.Elapsed, total, "signal");
        var rows = await AppliedAsync(environment, pattern, firstSeq);
        var transactions = await environment.ScalarAsync($"select count(distinct xmin::text) from scoring.mt_events where seq_id > {firstSeq} and data ->> 'SourceId' like '{pattern}'");
        var startTicks = started[0];
        var toVisible = new List<double>();
        var fromConfirm = new List<double>();
        var waiting = new List<double>();
        var applying = new List<double>();
        var committedBySecond = new long[(int)clock.Elapsed.TotalSeconds + 2];
        foreach (var (n, applyStart, commit) in rows)
        {
            toVisible.Add(Ms(commit - started[n]));
            fromConfirm.Add(Ms(commit - confirmed[n]));
            waiting.Add(Ms(applyStart - started[n]));
            applying.Add(Ms(commit - applyStart));
            committedBySecond[Math.Clamp((int)((commit - startTicks) / TimeSpan.TicksPerSecond), 0, committedBySecond.Length - 1)]++;
        }

        var appliedDuringLoad = rows.Count(r => r.Commit - startTicks <= loadElapsed.Ticks);
        long backlog = 0, maxBacklog = 0, committed = 0;
        for (var second = 0; second < committedBySecond.Length; second++)
        {
            committed += committedBySecond[second];
            var publishedBySecond = Math.Min(total, (long)((second + 1) * rate));
            backlog = publishedBySecond - committed;
            maxBacklog = Math.Max(maxBacklog, backlog);
        }

        // With a backlog left when publishing stopped, the rate at which it drained is the service's capacity.
        var afterLoad = rows.Where(r => r.Commit - startTicks > loadElapsed.Ticks).Select(r => r.Commit).ToList();
        var drainRate = afterLoad.Count < 100 ? double.NaN : afterLoad.Count / ((afterLoad.Max() - startTicks - loadElapsed.Ticks) / (double)TimeSpan.TicksPerSecond);
        return new Result(total, total / loadElapsed.TotalSeconds, appliedDuringLoad / loadElapsed.TotalSeconds, new Distribution(toVisible), new Distribution(fromConfirm),
            new Distribution(waiting), new Distribution(applying), new Distribution(probeSamples), total - rows.Count, transactions, maxBacklog, drain, drainRate, cpuLine);
    }

    private static async Task PublishAsync(SignalPublisher publisher, object message, int n, long[] confirmed, SemaphoreSlim gate)
    {
        try
        {
            await publisher.PublishAsync(message);
            confirmed[n] = DateTime.UtcNow.Ticks;
        }
        finally
        {
            gate.Release();
        }
    }

    private static double Ms(long ticks) => ticks / (double)TimeSpan.TicksPerMillisecond;

    /// <summary>
    /// Waits until the broker has nothing left for scoring (cheap to ask), then checks every signal's
    /// event is there; gives up only if nothing moves for a minute (a broken run).
    /// </summary>
    private static async Task<TimeSpan> WaitUntilAppliedAsync(BenchEnvironment environment, QueueMonitor queues, string pattern, long firstSeq, int total)
    {
        var clock = Stopwatch.StartNew();
        while (await queues.PendingAsync() is > 0 and var pending && clock.Elapsed < TimeSpan.FromMinutes(30))
        {
            await Task.Delay(pending > 1_000 ? 1_000 : 100);
        }

        long last = -1;
        var lastChange = Stopwatch.StartNew();
        while (true)
        {
            var applied = await environment.ScalarAsync($"select count(*) from scoring.mt_events where seq_id > {firstSeq} and data ->> 'SourceId' like '{pattern}'");
            if (applied >= total)
            {
                return clock.Elapsed;
            }

            if (applied != last)
            {
                last = applied;
                lastChange.Restart();
            }
            else if (lastChange.Elapsed > TimeSpan.FromMinutes(1))
            {
                Console.WriteLine($"  only {applied:N0} of {total:N0} applied and no progress for a minute; see the scoring queues' _error queues");
                return clock.Elapsed;
            }

            await Task.Delay(1_000);
        }
    }

    private static async Task<List<(int N, long ApplyStart, long Commit)>> AppliedAsync(BenchEnvironment environment, string pattern, long firstSeq)
    {
        await using var connection = new NpgsqlConnection(environment.Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select data ->> 'SourceId', timestamp, pg_xact_commit_timestamp(xmin) from scoring.mt_events where seq_id > @first and data ->> 'SourceId' like @pattern",
            connection);
        command.Parameters.AddWithValue("pattern", pattern);
        command.Parameters.AddWithValue("first", firstSeq);
        var rows = new List<(int, long, long)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var id = reader.GetString(0);
            var n = int.Parse(id[(id.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture);
            rows.Add((n, reader.GetFieldValue<DateTime>(1).Ticks, reader.GetFieldValue<DateTime>(2).Ticks));
        }

        return rows;
    }
}
