using System.Diagnostics;
using System.Globalization;
using CustomerHealth.Testing;
using CustomerHealth.Usage.V1;
using CustomerHealth.UsageBench;
using Grpc.Net.Client;

// Usage ingest benchmark: client streaming through the gateway into the usage service, compared with
// the same streams into a do-nothing sink behind a second gateway, in the same run. Prints the figures
// recorded in docs/benchmarks.md. Run: dotnet run -c Release --project tools/CustomerHealth.UsageBench [-- --seconds 30]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var options = BenchOptions.Parse(args);
var runId = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
Console.WriteLine($"usage bench: {options.Accounts:N0} accounts x {options.UsersPerAccount} users, events over {options.Days} days, "
                  + $"{options.Streams} streams{(options.IngestDirect ? " straight to usage" : " through the gateway")}, {options.Writers} writers, {options.Seconds} s per phase, {Environment.ProcessorCount} cores, {options.Configuration} build, "
                  + $"database collation {(options.DatabaseIcuLocale.Length == 0 ? "C.UTF-8 (libc)" : options.DatabaseIcuLocale + " (ICU)")}");

await using var environment = await BenchEnvironment.StartAsync(options);
using var usageChannel = GrpcChannel.ForAddress(environment.Topology.Gateway.GrpcUrl);
using var sinkChannel = GrpcChannel.ForAddress(environment.SinkGatewayGrpcUrl);
var usage = new UsageService.UsageServiceClient(usageChannel);
// Dashboards are other clients than pipelines: the probe gets its own connection to the gateway.
using var probeChannel = GrpcChannel.ForAddress(environment.Topology.Gateway.GrpcUrl);
var reads = new UsageService.UsageServiceClient(probeChannel);
using var directChannel = GrpcChannel.ForAddress(environment.Topology.Service("usage").GrpcUrl);
var direct = new UsageService.UsageServiceClient(directChannel);
var sink = new UsageService.UsageServiceClient(sinkChannel);
var duration = TimeSpan.FromSeconds(options.Seconds);
var window = TimeSpan.FromSeconds(options.SignalWindowSeconds);
if (options.Backfill)
{
    await BackfillRun.RunAsync(environment, usage, options, runId, window);
    return 0;
}

var freshness = new FreshnessProbe(reads, environment.Database, runId);

Console.WriteLine("warming up...");
await StreamingLoad.RunAsync(sink, options with { Streams = 1 }, runId + "w", 1, TimeSpan.FromSeconds(options.WarmupSeconds));
await StreamingLoad.RunAsync(usage, options with { Streams = 1 }, runId + "w", 1, TimeSpan.FromSeconds(options.WarmupSeconds));

await BenchPostgres.ResetStatementsAsync(environment.Database);
var rows = new List<string>();
foreach (var perMessage in new[] { 1, options.PackedEventsPerMessage })
{
    var raw = await StreamingLoad.RunAsync(sink, options, $"{runId}r{perMessage}", perMessage, duration);
    Console.WriteLine($"raw streaming, {perMessage} event(s)/message: {raw.AcceptedPerSecond:N0} events/s");

    var cpuBefore = CpuSnapshot(environment);
    using var stop = new CancellationTokenSource();
    var probe = new QueryProbe(reads, EventGenerator.Accounts(options));
    var directProbe = new QueryProbe(direct, EventGenerator.Accounts(options));
    var probing = Task.WhenAll(
        probe.RunAsync(stop.Token), directProbe.RunAsync(stop.Token), freshness.RunAsync($"under load, {perMessage} event(s)/message", stop.Token));
    var rss = ProcessMemory.PeakRssAsync(environment.Usage.ProcessId, stop.Token);
    var load = await StreamingLoad.RunAsync(options.IngestDirect ? direct : usage, options, $"{runId}u{perMessage}", perMessage, duration);
    await stop.CancelAsync();
    await probing;
    var peakRss = await rss;
    var cpu = CpuSnapshot(environment).Select((c, i) => (c.Name, Seconds: c.Seconds - cpuBefore[i].Seconds)).ToList();
    var pending = await environment.ScalarAsync("select count(*) from usage.pending_signals");
    var signals = await environment.ScalarAsync("select count(*) from usage.outbox_messages");

    Console.WriteLine($"usage, {perMessage} event(s)/message: sent {load.Sent:N0}, accepted {load.Accepted:N0} (duplicate {load.Duplicate}, rejected {load.Rejected}) "
                      + $"in {load.Elapsed.TotalSeconds:0.0} s = {load.AcceptedPerSecond:N0} events/s accepted durably; ratio to raw {load.AcceptedPerSecond / raw.AcceptedPerSecond:0.00}");
    Console.WriteLine($"  usage RSS peak {peakRss / 1024.0 / 1024:0} MB; GetAccountUsage under load via gateway: {probe.Describe()}; direct: {directProbe.Describe()}");
    Console.WriteLine($"  CPU seconds during the phase ({load.Elapsed.TotalSeconds:0.0} s wall, {Environment.ProcessorCount} cores): "
                      + string.Join(", ", cpu.Select(c => $"{c.Name} {c.Seconds:0.0}")));
    Console.WriteLine($"  signals written to the outbox so far {signals:N0}, accounts still pending {pending:N0}");
    Console.WriteLine("  PostgreSQL execution time by statement:");
    (await environment.TopStatementsAsync(16, reset: true)).ForEach(line => Console.WriteLine("    " + line));
    rows.Add($"| {perMessage} | {raw.AcceptedPerSecond:N0} | {load.AcceptedPerSecond:N0} | {load.AcceptedPerSecond / raw.AcceptedPerSecond:0.00} | {peakRss / 1024.0 / 1024:0} MB | {probe.P99:0.0} ms | "
             + string.Join(", ", cpu.Select(c => $"{c.Name} {c.Seconds / load.Elapsed.TotalSeconds:0.00}")) + " |");
}

var stored = await environment.ScalarAsync("select count(*) from usage.events");
Console.WriteLine($"events stored in total: {stored:N0}");
using (var idle = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
{
    var viaGateway = new QueryProbe(reads, EventGenerator.Accounts(options));
    var toService = new QueryProbe(direct, EventGenerator.Accounts(options));
    await Task.WhenAll(viaGateway.RunAsync(idle.Token), toService.RunAsync(idle.Token));
    Console.WriteLine($"GetAccountUsage without ingest load (signals may still be draining): via gateway {viaGateway.Describe()}; direct {toService.Describe()}");
}

// Freshness once the load has stopped, long enough for steady traffic to wait out a whole window;
// then wait for every probe's signal (at most a window and a minute).
using (var quiet = new CancellationTokenSource(window + TimeSpan.FromSeconds(12)))
{
    await freshness.RunAsync("quiet, after the load", quiet.Token);
}

Console.WriteLine($"freshness (signal window {window.TotalSeconds:0} s):");
(await freshness.ReportAsync(window, window + TimeSpan.FromMinutes(1))).ForEach(line => Console.WriteLine("  " + line));

Console.WriteLine();
Console.WriteLine("| events/message | raw streaming via gateway (events/s) | usage via gateway, accepted durably (events/s) | ratio | usage RSS peak | GetAccountUsage p99 | CPU cores used (process: cores) |");
Console.WriteLine("|---|---|---|---|---|---|---|");
rows.ForEach(Console.WriteLine);
return 0;

static List<(string Name, double Seconds)> CpuSnapshot(BenchEnvironment environment) =>
[
    ("usage", ProcessCpu.Seconds(environment.Usage.ProcessId)),
    ("gateway", ProcessCpu.Seconds(environment.Gateway.ProcessId)),
    ("postgres", ProcessCpu.Seconds(environment.PostmasterPid, withChildren: true)),
    ("bench client", ProcessCpu.Seconds(Environment.ProcessId)),
    ("rabbitmq", ProcessCpu.SecondsOfCommand("beam.smp")),
    ("whole machine", ProcessCpu.MachineBusySeconds()),
];
