using System.Diagnostics;
using CustomerHealth.Feedback.V1;
using CustomerHealth.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;

namespace CustomerHealth.BillingBench;

/// <summary>Survey responses with comments (sentiment scored) → feedback (gRPC batches) → outbox → RabbitMQ.</summary>
public static class SurveyBench
{
    private const string Exchange = "CustomerHealth.Contracts.Feedback:SurveyAnsweredV1";

    private static readonly string[] Comments =
    [
        "", "", "Great product, the team is really helpful.", "The exports are not good and support is very slow.",
        "Works as expected.", "I love the new dashboard!", "Billing was confusing but support sorted it out quickly.",
    ];

    public static async Task RunAsync(BenchSystem system, BenchOptions options)
    {
        await system.StartServiceAsync(ServiceTopology.Feedback);
        using var channel = GrpcChannel.ForAddress(system.GrpcUrlOf(ServiceTopology.Feedback));
        var feedback = new FeedbackService.FeedbackServiceClient(channel);
        var runId = Guid.NewGuid().ToString("N")[..8];
        await feedback.SubmitSurveyResponseAsync(Response(runId, -1, 0, options));
        await using var counter = await BrokerCounter.BindAsync(system.Amqp, Exchange, TimeSpan.FromSeconds(60));

        await system.ResetStatementsAsync();
        var cpu = CpuShare.Start(system);
        Console.WriteLine($"surveys: {options.SurveySeconds} s at {(options.SurveyRate == 0 ? "max" : options.SurveyRate + "/s")}, batches of {options.SurveyBatch}, {options.Senders} senders");
        var load = await PacedLoad.RunAsync(
            async k =>
            {
                var request = new SubmitSurveyResponsesRequest();
                for (var i = 0; i < options.SurveyBatch; i++)
                {
                    request.Responses.Add(Response(runId, k, i, options));
                }

                return (await feedback.SubmitSurveyResponsesAsync(request, deadline: DateTime.UtcNow.AddSeconds(60))).Recorded;
            },
            options.SurveyBatch, options.SurveyRate, TimeSpan.FromSeconds(options.SurveySeconds), options.Senders);

        var drain = Stopwatch.StartNew();
        long published;
        while ((published = counter.Count) < load.Accepted && drain.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(250);
        }

        Report.Ingest("survey responses", load);
        Console.WriteLine($"  SurveyAnsweredV1 at RabbitMQ:  {published:N0} ({drain.Elapsed.TotalSeconds:F1} s after ingest ended)");
        Console.WriteLine($"  lost: {load.Accepted - Math.Min(published, load.Accepted):N0}");
        Console.WriteLine(cpu.Describe("from the first survey batch until RabbitMQ had every SurveyAnsweredV1", load.Elapsed + drain.Elapsed, load.Accepted, "response"));
        Console.WriteLine(await system.TopStatementsAsync("survey phase"));
    }

    private static SubmitSurveyResponseRequest Response(string run, long batch, int index, BenchOptions options)
    {
        var n = batch * 1_000_003 + index;
        var kind = (n % 3) switch { 0 => "nps", 1 => "csat", _ => "ces" };
        return new SubmitSurveyResponseRequest
        {
            EventId = $"bench-{run}-{batch}-{index}",
            AccountId = BenchAccounts.Of(batch, index, options.SurveyBatch, options.Accounts),
            Kind = kind,
            Score = kind switch { "nps" => (int)(n % 11 + 11) % 11, "csat" => (int)((n % 5 + 5) % 5) + 1, _ => (int)((n % 7 + 7) % 7) + 1 },
            RespondentId = $"user-{n % 50_000}",
            Comment = Comments[(int)((n % Comments.Length + Comments.Length) % Comments.Length)],
            OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-Math.Abs(n % 10_000))),
            Source = "bench",
        };
    }
}
