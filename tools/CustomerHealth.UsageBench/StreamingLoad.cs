using System.Diagnostics;
using CustomerHealth.Usage.V1;

namespace CustomerHealth.UsageBench;

/// <summary>Drives client streams of RecordEvents for a fixed time and totals the summaries.</summary>
internal static class StreamingLoad
{
    public sealed record Result(long Sent, long Accepted, long Duplicate, long Rejected, TimeSpan Elapsed)
    {
        public double AcceptedPerSecond => Accepted / Elapsed.TotalSeconds;

        public double SentPerSecond => Sent / Elapsed.TotalSeconds;
    }

    public static async Task<Result> RunAsync(
        UsageService.UsageServiceClient client, BenchOptions options, string runId, int eventsPerMessage, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, options.Streams).Select(stream => Task.Run(async () =>
        {
            var generator = new EventGenerator(options, runId, stream);
            using var call = client.RecordEvents();
            long sent = 0;
            while (clock.Elapsed < duration)
            {
                var message = new RecordEventsRequest();
                for (var i = 0; i < eventsPerMessage; i++)
                {
                    message.Events.Add(generator.Next());
                }

                await call.RequestStream.WriteAsync(message);
                sent += eventsPerMessage;
            }

            await call.RequestStream.CompleteAsync();
            var summary = (await call.ResponseAsync).Summary;
            return (sent, summary);
        })));
        var elapsed = clock.Elapsed;
        return new Result(
            results.Sum(r => r.sent),
            results.Sum(r => r.summary.Accepted),
            results.Sum(r => r.summary.Duplicate),
            results.Sum(r => r.summary.Rejected),
            elapsed);
    }
}
