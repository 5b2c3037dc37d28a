using System.Diagnostics;
using CustomerHealth.Billing.V1;
using CustomerHealth.Common.V1;
using CustomerHealth.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;

namespace CustomerHealth.BillingBench;

/// <summary>Revenue events → billing (gRPC batches) → outbox → RabbitMQ, counted at the broker.</summary>
public static class RevenueBench
{
    private const string Exchange = "CustomerHealth.Contracts.Billing:RevenueChangedV1";

    public static async Task<long> RunAsync(BenchSystem system, BenchOptions options)
    {
        await system.StartServiceAsync(ServiceTopology.Billing);
        using var channel = GrpcChannel.ForAddress(system.GrpcUrlOf(ServiceTopology.Billing));
        var billing = new BillingService.BillingServiceClient(channel);
        var runId = Guid.NewGuid().ToString("N")[..8];

        // One event first so MassTransit creates the exchange; the counting queue binds to it after.
        await billing.RecordRevenueEventAsync(Event(runId, -1, 0, options.Accounts));
        await using var counter = await BrokerCounter.BindAsync(system.Amqp, Exchange, TimeSpan.FromSeconds(60));

        Console.WriteLine($"revenue: {options.RevenueSeconds} s at {(options.RevenueRate == 0 ? "max" : options.RevenueRate + "/s")}, batches of {options.RevenueBatch}, {options.Accounts} accounts, {options.Senders} senders");
        var load = await PacedLoad.RunAsync(
            async k =>
            {
                var request = new RecordRevenueEventsRequest();
                for (var i = 0; i < options.RevenueBatch; i++)
                {
                    request.Events.Add(Event(runId, k, i, options.Accounts));
                }

                var answer = await billing.RecordRevenueEventsAsync(request, deadline: DateTime.UtcNow.AddSeconds(60));
                return answer.Recorded;
            },
            options.RevenueBatch, options.RevenueRate, TimeSpan.FromSeconds(options.RevenueSeconds), options.Senders);

        var pendingAtEnd = await OutboxProbe.PendingAsync(system.Database, "billing");
        var drain = Stopwatch.StartNew();
        uint published;
        while ((published = await counter.CountAsync()) < load.Accepted && drain.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(250);
        }

        var drained = drain.Elapsed;
        var stored = await OutboxProbe.CountAsync(system.Database, $"select count(*) from billing.mt_doc_recordedrevenueevent where id like 'bench-{runId}-%' and id <> 'bench-{runId}--1-0'");
        Report.Ingest("revenue events", load);
        Console.WriteLine($"  stored in PostgreSQL:          {stored:N0} (accepted {load.Accepted:N0})");
        Console.WriteLine($"  outbox rows pending at end:    {pendingAtEnd:N0}");
        Console.WriteLine($"  RevenueChangedV1 at RabbitMQ:  {published:N0} ({drained.TotalSeconds:F1} s after ingest ended)");
        Console.WriteLine($"  ingest → RabbitMQ rate:        {published / (load.Elapsed + drained).TotalSeconds:N0} events/s over {(load.Elapsed + drained).TotalSeconds:F1} s");
        Console.WriteLine($"  lost: {load.Accepted - Math.Min(published, load.Accepted):N0}, stored ≠ accepted: {stored != load.Accepted}");
        return load.Accepted + 1;

        static RecordRevenueEventRequest Event(string run, long batch, int index, int accounts)
        {
            var n = batch * 1_000_003 + index;
            return new RecordRevenueEventRequest
            {
                EventId = $"bench-{run}-{batch}-{index}",
                AccountId = $"bench-{(n % accounts + accounts) % accounts}",
                Kind = index % 10 == 0 ? "invoice_paid" : "subscription_changed",
                Mrr = new Money { AmountMinor = 10_000 + n % 5_000, Currency = "USD" },
                OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(-Math.Abs(n % 86_400))),
                Plan = "growth",
                Source = "bench",
            };
        }
    }
}
