using CustomerHealth.Billing.Rejections;
using CustomerHealth.Billing.V1;
using CustomerHealth.ServiceDefaults.Resilience;
using Google.Protobuf;
using Marten;

namespace CustomerHealth.Billing.RecordingRevenue;

/// <summary>
/// Dapr pub/sub ingress: topic "revenue-events" on component "billing-pubsub". The CloudEvent's
/// source and id identify the event, the data goes through the same validation and idempotency as
/// gRPC and REST, and the answer is Dapr's status body: SUCCESS, RETRY (transient) or DROP (kept,
/// with its reason, as a RejectedRevenueEvent).
/// </summary>
public static class RevenueEventsSubscription
{
    public const string PubSubName = "billing-pubsub";
    public const string Topic = "revenue-events";
    public const string Route = "/dapr/revenue-events";

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static void MapRevenueEventsSubscription(this IEndpointRouteBuilder app) =>
        app.MapPost(Route, HandleAsync).WithTopic(PubSubName, Topic);

    private static async Task<IResult> HandleAsync(
        HttpRequest http, RevenueEventRecorder recorder, IDocumentStore store, TimeProvider clock, ILoggerFactory loggers, CancellationToken ct)
    {
        using var reader = new StreamReader(http.Body);
        var payload = await reader.ReadToEndAsync(ct);
        var ceId = http.Headers["Cloudevent.id"].ToString();
        var ceSource = http.Headers["Cloudevent.source"].ToString();
        var eventId = ceId.Length > 0 && ceSource.Length > 0 ? $"{ceSource}/{ceId}" : null;
        try
        {
            if (eventId is null)
            {
                return await DropAsync(store, clock, eventId, payload, "Not a CloudEvent: the id and source attributes are required.", ct);
            }

            RecordRevenueEventRequest request;
            try
            {
                request = Parser.Parse<RecordRevenueEventRequest>(payload);
            }
            catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException or FormatException)
            {
                return await DropAsync(store, clock, eventId, payload, $"data is not a revenue event: {ex.Message}", ct);
            }

            var accountId = request.AccountId.Length is > 0 and <= 128 ? request.AccountId : null;

            request.EventId = eventId;
            if (string.IsNullOrEmpty(request.Source))
            {
                request.Source = ceSource;
            }

            var violations = RevenueEventValidation.Validate(request, clock.GetUtcNow());
            if (!violations.IsEmpty)
            {
                return await DropAsync(store, clock, eventId, payload, $"invalid: {violations}", ct, accountId, ceSource);
            }

            var outcome = await recorder.RecordAsync(RevenueEventValidation.ToCommand(request), ct);
            return outcome.Status == RecordStatus.Conflict
                ? await DropAsync(store, clock, eventId, payload, $"event id already recorded at {outcome.RecordedAt:O} with a different payload", ct, accountId, ceSource)
                : DaprStatus.Success(outcome.Status == RecordStatus.Duplicate);
        }
        catch (Exception ex) when (TransientFailure.IsTransient(ex))
        {
            loggers.CreateLogger(typeof(RevenueEventsSubscription)).LogWarning(ex, "Revenue event {EventId} deferred: storage unavailable", eventId);
            return DaprStatus.Retry("storage unavailable: " + ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Poison: redelivering it would fail the same way forever, so it goes to the dead letters.
            loggers.CreateLogger(typeof(RevenueEventsSubscription)).LogError(ex, "Revenue event {EventId} could not be processed; dropped", eventId);
            return await DropAsync(store, clock, eventId, payload, $"could not be processed: {ex.GetType().Name}: {ex.Message}", ct);
        }
    }

    private static async Task<IResult> DropAsync(
        IDocumentStore store, TimeProvider clock, string? eventId, string payload, string reason, CancellationToken ct, string? accountId = null, string? source = null)
    {
        await using var session = store.LightweightSession();
        session.Store(new RejectedRevenueEvent(Guid.NewGuid(), "dapr:" + Topic, eventId, reason, payload, clock.GetUtcNow(), accountId, source));
        await session.SaveChangesAsync(ct);
        return DaprStatus.Drop(reason);
    }
}
