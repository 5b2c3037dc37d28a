using System.Diagnostics;
using CustomerHealth.Billing.V1;
using CustomerHealth.Common.V1;
using CustomerHealth.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;

namespace CustomerHealth.BillingBench;

/// <summary>
/// What the measured revenue phase accepted, since when, the CPU meter started with it, and how many
/// revenue events scoring had already counted before it (the warm-up's).
/// </summary>
public sealed record RevenueRun(long Accepted, Stopwatch Started, CpuShare Cpu, long CountedBefore);

/// <summary>Revenue events → billing (gRPC batches) → outbox → RabbitMQ, counted at the broker.</summary>
public static class RevenueBench
{
    private const string Exchange = "CustomerHealth.Contracts.Billing:RevenueChangedV1";

    public static async Task<RevenueRun> RunAsync(BenchSystem system, BenchOptions options)
    {
        await system.StartServiceAsync(ServiceTopology.Billing);
        using var channel = GrpcChannel.ForAddress(system.GrpcUrlOf(ServiceTopology.Billing));
        var billing = new BillingService.BillingServiceClient(channel);
        var runId = Guid.NewGuid().ToString("N")[..8];

        // One event first so MassTransit creates the exchange; the counting queue binds to it after.
        await billing.RecordRevenueEventAsync(Event(runId, -1, 0, options));
        // Through scoring, scoring's count is the figure and a second queue would have RabbitMQ route and
        // deliver every message twice; the outbox then tells what RabbitMQ confirmed (a row is marked
        // dispatched only after the broker's confirm).
        await using var counter = options.ThroughScoring ? null : await BrokerCounter.BindAsync(system.Amqp, Exchange, TimeSpan.FromSeconds(60));
        Func<Task<long>> publishedSoFar = counter is null
            ? () => OutboxProbe.CountAsync(system.Database, "select count(*) from billing.outbox_messages where dispatched_at is not null and message_type like '%RevenueChangedV1%'")
            : () => Task.FromResult(counter.Count);

        long countedBefore = 1;
        if (options.WarmupSeconds > 0)
        {
            // Services that have run for a while: the JIT has compiled the hot paths, the pools are full.
            Console.WriteLine($"revenue warm-up: {options.WarmupSeconds} s at the same pace (not measured)");
            var warmup = await SendAsync("w" + runId, options.WarmupSeconds);
            await WaitUntilAsync(async () => await publishedSoFar() >= warmup.Accepted);
            if (options.ThroughScoring)
            {
                countedBefore = await ScoringHook.WaitForCountAsync(system, warmup.Accepted + 1, TimeSpan.FromMinutes(5));
            }
        }

        var publishedBefore = await publishedSoFar();
        await system.ResetStatementsAsync();
        var started = Stopwatch.StartNew();
        var cpu = CpuShare.Start(system);
        Console.WriteLine($"revenue: {options.RevenueSeconds} s at {(options.RevenueRate == 0 ? "max" : options.RevenueRate + "/s")}, batches of {options.RevenueBatch}, {options.Accounts} accounts, {options.Senders} senders");
        var load = await SendAsync(runId, options.RevenueSeconds);

        var pendingAtEnd = await OutboxProbe.PendingAsync(system.Database, "billing");
        var drain = Stopwatch.StartNew();
        await WaitUntilAsync(async () => await publishedSoFar() - publishedBefore >= load.Accepted);
        var published = await publishedSoFar() - publishedBefore;
        var drained = drain.Elapsed;
        var stored = await OutboxProbe.CountAsync(system.Database, $"select count(*) from billing.recorded_revenue_events where event_id like 'bench-{runId}-%' and event_id <> 'bench-{runId}--1-0'");
        Report.Ingest("revenue events", load);
        Console.WriteLine($"  stored in PostgreSQL:          {stored:N0} (accepted {load.Accepted:N0})");
        Console.WriteLine($"  outbox rows pending at end:    {pendingAtEnd:N0}");
        Console.WriteLine($"  RevenueChangedV1 at RabbitMQ:  {published:N0} ({drained.TotalSeconds:F1} s after ingest ended; {(counter is null ? "confirmed by the broker, from the outbox" : "counted on a queue of the bench's")})");
        Console.WriteLine($"  ingest → RabbitMQ rate:        {published / (load.Elapsed + drained).TotalSeconds:N0} events/s over {(load.Elapsed + drained).TotalSeconds:F1} s");
        Console.WriteLine($"  lost: {load.Accepted - Math.Min(published, load.Accepted):N0}, stored ≠ accepted: {stored != load.Accepted}");
        Console.WriteLine(cpu.Describe("from the first revenue batch until RabbitMQ had every RevenueChangedV1", load.Elapsed + drained, load.Accepted, "event"));
        if (!options.ThroughScoring)
        {
            Console.WriteLine(await system.TopStatementsAsync("revenue phase"));
        }

        return new RevenueRun(load.Accepted, started, cpu, countedBefore);

        Task<LoadResult> SendAsync(string run, int seconds) => PacedLoad.RunAsync(
            async k =>
            {
                var request = new RecordRevenueEventsRequest();
                for (var i = 0; i < options.RevenueBatch; i++)
                {
                    request.Events.Add(Event(run, k, i, options));
                }

                var answer = await billing.RecordRevenueEventsAsync(request, deadline: DateTime.UtcNow.AddSeconds(60));
                return answer.Recorded;
            },
            options.RevenueBatch, options.RevenueRate, TimeSpan.FromSeconds(seconds), options.Senders);

        static async Task WaitUntilAsync(Func<Task<bool>> done)
        {
            var wait = Stopwatch.StartNew();
            while (!await done() && wait.Elapsed < TimeSpan.FromMinutes(5))
            {
                await Task.Delay(250);
            }
        }

        static RecordRevenueEventRequest Event(string run, long batch, int index, BenchOptions options)
        {
            var n = batch * 1_000_003 + index;
            return new RecordRevenueEventRequest
            {
                EventId = $"bench-{run}-{batch}-{index}",
                AccountId = BenchAccounts.Of(batch, index, options.RevenueBatch, options.Accounts),
                Kind = index % 10 == 0 ? "invoice_paid" : "subscription_changed",
                Mrr = new Money { AmountMinor = 10_000 + n % 5_000, Currency = "USD" },
                OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(-Math.Abs(n % 86_400))),
                Plan = "growth",
                Source = "bench",
            };
        }
    }
}
