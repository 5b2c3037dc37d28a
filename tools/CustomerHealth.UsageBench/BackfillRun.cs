using System.Diagnostics;
using CustomerHealth.Usage.V1;
using Google.Protobuf.WellKnownTypes;

namespace CustomerHealth.UsageBench;

/// <summary>
/// The backfill case: a year of history for 1,000 accounts, sent day by day through the
/// gateway, must reach the broker as daily signals, one per account and as-of day, in batches once
/// the history has settled, not one per event or per write. Prints the events, the signals and how
/// they were spread over time. (Scoring is not running here: "reached" is published to RabbitMQ.)
/// </summary>
internal static class BackfillRun
{
    private const int Streams = 4;
    private const int EventsPerMessage = 200;

    public static async Task RunAsync(BenchEnvironment environment, UsageService.UsageServiceClient client, BenchOptions options, string runId, TimeSpan window)
    {
        var accounts = Enumerable.Range(0, options.BackfillAccounts).Select(i => $"backfill-{runId}-{i:D4}").ToArray();
        var today = DateTime.UtcNow.Date;
        var days = options.BackfillDays;
        Console.WriteLine($"backfill: {accounts.Length:N0} accounts x {days} days x {options.BackfillEventsPerDay} events, oldest day first, {Streams} streams of {EventsPerMessage} events/message through the gateway");

        var clock = Stopwatch.StartNew();
        var summaries = await Task.WhenAll(Enumerable.Range(0, Streams).Select(stream => Task.Run(async () =>
        {
            var random = new Random(stream + 101);
            using var call = client.RecordEvents();
            var message = new RecordEventsRequest();
            long sequence = 0;
            for (var d = days; d >= 1; d--)
            {
                var day = today.AddDays(-d);
                for (var a = stream; a < accounts.Length; a += Streams)
                {
                    for (var e = 0; e < options.BackfillEventsPerDay; e++)
                    {
                        message.Events.Add(new UsageEvent
                        {
                            EventId = $"{runId}-b{stream}-{sequence++}",
                            AccountId = accounts[a],
                            UserId = $"user-{random.Next(options.UsersPerAccount):D3}",
                            Feature = EventGenerator.Features[random.Next(EventGenerator.Features.Length)],
                            OccurredAt = Timestamp.FromDateTime(day.AddSeconds(random.Next(86_400))),
                        });
                        if (message.Events.Count == EventsPerMessage)
                        {
                            await call.RequestStream.WriteAsync(message);
                            message = new RecordEventsRequest();
                        }
                    }
                }
            }

            if (message.Events.Count > 0)
            {
                await call.RequestStream.WriteAsync(message);
            }

            await call.RequestStream.CompleteAsync();
            return (await call.ResponseAsync).Summary;
        })));
        var ingest = clock.Elapsed;
        var accepted = summaries.Sum(s => s.Accepted);
        Console.WriteLine($"  accepted {accepted:N0} events (duplicate {summaries.Sum(s => s.Duplicate)}, rejected {summaries.Sum(s => s.Rejected)}) "
                          + $"in {ingest.TotalSeconds:0.0} s = {accepted / ingest.TotalSeconds:N0} events/s");

        // Signals settle a window after the history stops changing; wait until nothing is pending or
        // unpublished for these accounts, sampling how many were published each second.
        var like = $"backfill-{runId}-%";
        var perSecond = new List<long>();
        var duringIngest = await environment.ScalarAsync(
            $"select count(*) from usage.outbox_messages where body->>'accountId' like '{like}' and dispatched_at is not null");
        var lastPublished = duringIngest;
        var deadline = clock.Elapsed + (3 * window) + TimeSpan.FromMinutes(5);
        while (clock.Elapsed < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var published = await environment.ScalarAsync(
                $"select count(*) from usage.outbox_messages where body->>'accountId' like '{like}' and dispatched_at is not null");
            perSecond.Add(published - lastPublished);
            lastPublished = published;
            var waiting = await environment.ScalarAsync(
                $"select (select count(*) from usage.pending_history where account_id like '{like}') "
                + $"+ (select count(*) from usage.pending_signals where account_id like '{like}') "
                + $"+ (select count(*) from usage.outbox_messages where body->>'accountId' like '{like}' and dispatched_at is null)");
            if (waiting == 0 && published > 0)
            {
                break;
            }
        }

        var total = clock.Elapsed;
        var signals = await environment.ScalarAsync($"select count(*) from usage.outbox_messages where body->>'accountId' like '{like}'");
        var pairs = await environment.ScalarAsync(
            $"select count(distinct (body->>'accountId', body->>'asOfDay')) from usage.outbox_messages where body->>'accountId' like '{like}'");
        var firstSecond = perSecond.FindIndex(n => n > 0);
        var busySeconds = perSecond.Count(n => n > 0);
        Console.WriteLine($"  signals published {signals:N0} for {pairs:N0} (account, as-of day) pairs ({(double)signals / accounts.Length:0.0} per account, "
                          + $"{(double)signals / Math.Max(1, accepted):0.0000} per event); {duringIngest:N0} while the ingest ran (today's live signals), "
                          + $"the rest from {firstSecond + 1} s after the ingest ended, "
                          + $"all by {(total - ingest).TotalSeconds:0} s after it (signal window {window.TotalSeconds:0} s); "
                          + $"published in {busySeconds} one-second samples, at most {perSecond.DefaultIfEmpty(0).Max():N0} in one");
    }
}
