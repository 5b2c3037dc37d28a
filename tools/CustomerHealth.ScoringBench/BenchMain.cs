using System.Diagnostics;
using System.Globalization;
using CustomerHealth.Testing;

namespace CustomerHealth.ScoringBench;

/// <summary>
/// Scoring engine benchmark (issue 3, "Speed"): prints each figure against its target on a dedicated
/// PostgreSQL and RabbitMQ with the scoring service running as a process. Figures and how to read
/// them: docs/benchmarks.md. Run:
/// dotnet run -c Release --project tools/CustomerHealth.ScoringBench [-- --accounts 10000 --events 100000 --phases list,latency]
/// </summary>
public static class BenchMain
{
    // Not top-level statements: the referenced scoring service already has a global Program class.
    public static async Task<int> Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var options = BenchOptions.Parse(args);
        var total = Stopwatch.StartNew();
        Console.WriteLine($"scoring bench {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC: {Environment.ProcessorCount} cores, {MemoryGiB():0.0} GiB, load average {ProcessCpu.LoadAverage()}; "
                          + $"{options.Accounts:N0} accounts, {string.Join(" and ", options.Rates.Select(r => r.ToString("N0")))} signals/s for {options.Seconds} s, {options.ListCalls:N0} list calls, "
                          + $"{options.Events:N0} events over {options.ReplayAccounts:N0} accounts; phases {string.Join(",", options.Phases)}; {options.Configuration} build");

        await using var environment = await BenchEnvironment.StartAsync(options);
        Console.WriteLine($"PostgreSQL (fsync on), RabbitMQ and scoring (pid {environment.Scoring!.ProcessId}) up after {total.Elapsed.TotalSeconds:0} s");
        using var scoring = new InProcessScoring(environment.Database);
        var board = new Scoreboard();

        if (options.Runs("list") || options.Runs("latency") || options.Runs("rescore"))
        {
            await SeedAsync(environment, scoring, options);
        }

        if (options.Runs("list"))
        {
            await ListAsync(environment, options, board);
        }

        if (options.Runs("latency"))
        {
            await LatencyAsync(environment, options, board);
        }

        if (options.Runs("rescore"))
        {
            await RescoreAsync(environment, board);
        }

        if (options.Runs("replay"))
        {
            await ReplayAsync(environment, scoring, options, board);
        }

        if (options.Runs("live-usage"))
        {
            await LiveUsageAsync(environment, scoring, options, board);
        }

        board.Print();
        Console.WriteLine($"whole run {total.Elapsed.TotalMinutes:0.0} min; load average at end {ProcessCpu.LoadAverage()}");
        return 0;
    }

    private static async Task SeedAsync(BenchEnvironment environment, InProcessScoring scoring, BenchOptions options)
    {
        Console.WriteLine($"--- seeding {options.Accounts:N0} accounts through AccountScoring.ApplyAsync ({options.SeedWriters} writers, 200 accounts per transaction; the in-process store runs no daemon, as Marten may note)");
        var cpu = CpuMeter.Start(environment);
        await environment.ResetStatementsAsync();
        var seeded = await PortfolioSeed.RunAsync(scoring, options);
        Console.WriteLine($"  seeded in {seeded.TotalSeconds:0.0} s ({options.Accounts / seeded.TotalSeconds:N0} accounts/s); {cpu.Describe(seeded)}");
        Console.WriteLine("  PostgreSQL statements by total time while seeding:");
        (await environment.TopStatementsAsync(6)).ForEach(line => Console.WriteLine("    " + line));
        var quiet = await environment.WaitForQuietAsync(TimeSpan.FromMinutes(10));
        Console.WriteLine($"  the service's daemon and outbox caught up {quiet.TotalSeconds:0} s later "
                          + $"({await environment.ScalarAsync("select count(*) from scoring.mt_events"):N0} events, "
                          + $"{await environment.ScalarAsync("select count(*) from scoring.outbox_messages"):N0} alert messages published)");
        // Freshly bulk-loaded tables have no statistics yet and autovacuum would start on all of them
        // during the first phase; a live portfolio has had both long ago. So vacuum and analyze now.
        await environment.ScalarAsync("vacuum analyze");
        foreach (var line in await environment.LinesAsync(
                     "select effective_band, count(*), sum(case when has_open_alert then 1 else 0 end) from scoring.mt_doc_accounthealth group by 1 order by 1"))
        {
            Console.WriteLine($"  band | accounts | with open alert: {line}");
        }

        // What every signal rewrites: stored (compressed) document sizes, and how much went out of line to TOAST.
        foreach (var table in new[] { "mt_doc_accounthealth", "mt_doc_scoredaccount" })
        {
            Console.WriteLine($"  {table}: " + string.Join("", await environment.LinesAsync(
                $"select 'stored data ' || round(avg(pg_column_size(data)))::text || ' B mean, ' || round(avg(octet_length(data::text)))::text || ' B as text; heap ' "
                + $"|| pg_size_pretty(pg_relation_size('scoring.{table}')) || ', toast ' || pg_size_pretty(pg_relation_size((select reltoastrelid from pg_class where oid = 'scoring.{table}'::regclass))) "
                + $"from scoring.{table}")));
        }
    }

    private static async Task ListAsync(BenchEnvironment environment, BenchOptions options, Scoreboard board)
    {
        Console.WriteLine($"--- ListAtRiskAccounts: {options.ListCalls:N0} calls after warm-up, page size 50, direct gRPC, one at a time");
        var cpu = CpuMeter.Start(environment);
        var clock = Stopwatch.StartNew();
        var result = await AtRiskListBench.RunAsync(environment, options);
        Console.WriteLine($"  all calls: {result.All.Describe()}; {cpu.Describe(clock.Elapsed)}");
        Console.WriteLine($"  scoring CPU per measured call (failed ones included): {result.ServiceCpuSeconds * 1000 / result.Calls:0.0} ms; service errors logged so far: {environment.ServiceErrors}");
        foreach (var (sort, error) in result.Failures)
        {
            Console.WriteLine($"  FAILED calls with sort {sort} (not timed): {error}");
        }

        Console.WriteLine("  slowest shapes (filter / sort) by p99:");
        foreach (var (shape, times) in result.ByShape.Take(8))
        {
            Console.WriteLine($"    {shape,-40} {times.Describe()}");
        }

        Console.WriteLine("  PostgreSQL statements by total time during the measured calls:");
        (await environment.TopStatementsAsync(6)).ForEach(line => Console.WriteLine("    " + line));
        await AtRiskListBench.PrintPlansAsync(environment);
        var failed = result.Failures.Count == 0 ? "" : $"; sort(s) {string.Join(", ", result.Failures.Keys)} FAIL";
        board.Add($"ListAtRiskAccounts over {result.TotalAccounts:N0} accounts", $"p50 {Distribution.Ms(result.All.P50)}, p99 {Distribution.Ms(result.All.P99)}{failed}", "p99 ≤ 10 ms",
            result.All.P99 <= 10 && result.Failures.Count == 0);
    }

    private static async Task LatencyAsync(BenchEnvironment environment, BenchOptions options, Scoreboard board)
    {
        foreach (var rate in options.Rates)
        {
            Console.WriteLine($"--- signal → score and alert visible: {rate:N0} signals/s for {options.Seconds} s over {options.Accounts:N0} accounts");
            await environment.ResetStatementsAsync();
            var r = await SignalLatencyBench.RunAsync(environment, options, rate);
            var capacity = double.IsNaN(r.DrainRate) ? "no backlog to drain" : $"{r.DrainRate:N0}/s while draining";
            Console.WriteLine($"  published {r.Published:N0} at {r.PublishRate:N0}/s; applied while publishing {r.AppliedRateDuringLoad:N0}/s; largest backlog {r.MaxBacklog:N0}; "
                              + $"all applied {r.DrainAfterLoad.TotalSeconds:0.0} s after the last publish ({capacity}); missing {r.Missing}; {r.Transactions:N0} transactions ({(double)(r.Published - r.Missing) / Math.Max(1, r.Transactions):0.0} signals each)");
            Console.WriteLine($"  publish → visible (commit):            {r.PublishToVisible.Describe()}");
            Console.WriteLine($"  broker confirmed → visible:            {r.ConfirmedToVisible.Describe()}");
            Console.WriteLine($"  publish → write transaction began:    {r.PublishToApplyStart.Describe()}");
            Console.WriteLine($"  transaction began → committed:        {r.ApplyStartToVisible.Describe()}");
            Console.WriteLine($"  API probe (GetAccountHealth polled):   {r.ApiProbe.Describe()}");
            Console.WriteLine($"  {r.Cpu}");
            Console.WriteLine("  PostgreSQL statements by total time during the phase:");
            (await environment.TopStatementsAsync(10)).ForEach(line => Console.WriteLine("    " + line));
            // The issue's target is for 2,000/s; at other rates the figure is context (latency without a backlog).
            var atIssueRate = rate >= 2_000;
            board.Add($"signal → score and alert visible, {r.PublishRate:N0}/s offered ({r.AppliedRateDuringLoad:N0}/s applied meanwhile; {capacity})",
                $"p50 {Distribution.Ms(r.PublishToVisible.P50)}, p99 {Distribution.Ms(r.PublishToVisible.P99)}", "p99 ≤ 1 s at 2,000/s",
                atIssueRate ? r.PublishToVisible.P99 <= 1000 && r.Missing == 0 && r.PublishRate >= 1_990 : null);
            var quiet = await environment.WaitForQuietAsync(TimeSpan.FromMinutes(10));
            Console.WriteLine($"  daemon and outbox quiet {quiet.TotalSeconds:0} s later");
        }
    }

    private static async Task RescoreAsync(BenchEnvironment environment, Scoreboard board)
    {
        Console.WriteLine("--- rescoring every account after PublishScorecard");
        await environment.ResetStatementsAsync();
        var r = await RescoringBench.RunAsync(environment);
        Console.WriteLine($"  {r.Accounts:N0} accounts in {r.ServerTime.TotalSeconds:0.0} s by the service's progress record "
                          + $"({r.Accounts / r.ServerTime.TotalSeconds:N0} accounts/s), {r.ClientTime.TotalSeconds:0.0} s as the client saw it; {r.Cpu}");
        Console.WriteLine("  PostgreSQL statements by total time during the phase:");
        (await environment.TopStatementsAsync(6)).ForEach(line => Console.WriteLine("    " + line));
        board.Add($"rescoring {r.Accounts:N0} accounts after PublishScorecard", $"{r.ServerTime.TotalSeconds:0.0} s", "≤ 30 s", r.ServerTime <= TimeSpan.FromSeconds(30));
        var quiet = await environment.WaitForQuietAsync(TimeSpan.FromMinutes(10));
        Console.WriteLine($"  daemon and outbox quiet {quiet.TotalSeconds:0} s later");
    }

    private static async Task ReplayAsync(BenchEnvironment environment, InProcessScoring scoring, BenchOptions options, Scoreboard board)
    {
        Console.WriteLine($"--- replaying {options.Events:N0} events of {options.ReplayAccounts:N0} accounts into history (the service is stopped: an offline rebuild)");
        await environment.StopScoringAsync();
        await environment.ResetStatementsAsync();
        var r = await HistoryReplayBench.RunAsync(environment, scoring, options);
        Console.WriteLine($"  rebuilt {r.Accounts:N0} accounts from {r.Events:N0} events in {r.Rebuild.TotalSeconds:0.0} s ({r.Events / r.Rebuild.TotalSeconds:N0} events/s): "
                          + $"stage busy time read {r.Reading.TotalSeconds:0.0} s, fold+derive+history {r.Computing.TotalSeconds:0.0} s, write {r.Writing.TotalSeconds:0.0} s; "
                          + $"{r.DailyPoints:N0} daily points, {r.OpenAlerts:N0} open alerts; {r.Cpu}");
        Console.WriteLine($"  GetHealthHistory computation over 365 days per account (in-process HealthHistory): {r.HistoryQuery.Describe()}");
        Console.WriteLine("  PostgreSQL statements by total time during the phase:");
        (await environment.TopStatementsAsync(6)).ForEach(line => Console.WriteLine("    " + line));
        board.Add($"replaying {r.Events:N0} events into history ({r.Accounts:N0} accounts × a year)", $"{r.Rebuild.TotalSeconds:0.0} s", "≤ 120 s", r.Rebuild <= TimeSpan.FromSeconds(120));
    }

    private static async Task LiveUsageAsync(BenchEnvironment environment, InProcessScoring scoring, BenchOptions options, Scoreboard board)
    {
        Console.WriteLine($"--- live usage: {options.LiveUsageAccounts:N0} accounts in steady use for a day, a usage snapshot each per minute, in-process AccountScoring.ApplyAsync (a transaction per minute)");
        await environment.ResetStatementsAsync();
        var r = await LiveUsageBench.RunAsync(environment, scoring, options);
        Console.WriteLine($"  {r.Signals:N0} signals in {r.Total.TotalSeconds:0.0} s ({r.Signals / r.Total.TotalSeconds:N0}/s); {r.Cpu}");
        Console.WriteLine($"  ms per signal in each 4 hours of the day: {string.Join(" ", r.MsPerSignal.Select(ms => ms.ToString("0.00")))}");
        foreach (var line in await environment.LinesAsync(
                     "select 'ScoredAccount ' || round(avg(octet_length(data::text)))::text || ' B JSON, ' || round(avg(jsonb_array_length(data -> 'Facts' -> 'Usage')))::text || ' usage facts kept; AccountHealth ' "
                     + "|| (select round(avg(octet_length(h.data::text)))::text from scoring.mt_doc_accounthealth h where h.id like 'live-usage-%') || ' B JSON' "
                     + "from scoring.mt_doc_scoredaccount where id like 'live-usage-%'"))
        {
            Console.WriteLine($"  at the end of the day, per account: {line}");
        }

        Console.WriteLine("  PostgreSQL statements by total time during the phase:");
        (await environment.TopStatementsAsync(6)).ForEach(line => Console.WriteLine("    " + line));
        board.Add($"a day of live usage ({r.Accounts:N0} accounts × 1,440 snapshots)", $"{r.MsPerSignal[^1]:0.00} ms per signal in the last 4 hours", "(no target: context)", null);
    }

    private static double MemoryGiB()
    {
        var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024 / 1024;
    }
}
