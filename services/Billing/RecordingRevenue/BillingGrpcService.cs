using CustomerHealth.Billing.Reporting;
using CustomerHealth.Billing.V1;
using CustomerHealth.ServiceDefaults.Validation;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Marten;

namespace CustomerHealth.Billing.RecordingRevenue;

/// <summary>gRPC (and, by JSON transcoding, REST) service; one partial file per slice.</summary>
public sealed partial class BillingGrpcService(
    RevenueEventRecorder recorder, RevenueQueries queries, IDocumentStore store, TimeProvider clock) : BillingService.BillingServiceBase
{
    /// <summary>Large enough for bulk loads, small enough for one transaction.</summary>
    public const int MaxBatchSize = 5_000;

    public override async Task<RecordRevenueEventResponse> RecordRevenueEvent(RecordRevenueEventRequest request, ServerCallContext context)
    {
        RevenueEventValidation.Validate(request, clock.GetUtcNow()).ThrowIfAny();
        var outcome = await recorder.RecordAsync(RevenueEventValidation.ToCommand(request), context.CancellationToken);
        if (outcome.Status == RecordStatus.Conflict)
        {
            throw new RpcException(new Status(
                StatusCode.AlreadyExists,
                $"event_id '{request.EventId}' was already recorded at {outcome.RecordedAt:O} with a different payload."));
        }

        return new RecordRevenueEventResponse
        {
            EventId = request.EventId,
            Duplicate = outcome.Status == RecordStatus.Duplicate,
            RecordedAt = Timestamp.FromDateTimeOffset(outcome.RecordedAt),
        };
    }

    public override async Task<RecordRevenueEventsResponse> RecordRevenueEvents(RecordRevenueEventsRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        if (request.Events.Count == 0)
        {
            violations.Add("events", "must hold at least one event.");
        }
        else if (request.Events.Count > MaxBatchSize)
        {
            violations.Add("events", $"must hold at most {MaxBatchSize} events (got {request.Events.Count}); split the batch.");
        }
        else
        {
            var now = clock.GetUtcNow();
            for (var i = 0; i < request.Events.Count; i++)
            {
                foreach (var v in RevenueEventValidation.Validate(request.Events[i], now, $"events[{i}].").Items)
                {
                    violations.Add(v.Field, v.Description);
                }
            }
        }

        violations.ThrowIfAny();
        var outcomes = await recorder.RecordAsync([.. request.Events.Select(RevenueEventValidation.ToCommand)], context.CancellationToken);
        var response = new RecordRevenueEventsResponse();
        for (var i = 0; i < outcomes.Count; i++)
        {
            response.Results.Add(new RevenueEventResult
            {
                EventId = request.Events[i].EventId,
                Status = outcomes[i].Status.ToString().ToLowerInvariant(),
                RecordedAt = Timestamp.FromDateTimeOffset(outcomes[i].RecordedAt),
            });
        }

        response.Recorded = outcomes.Count(o => o.Status == RecordStatus.Recorded);
        response.Duplicates = outcomes.Count(o => o.Status == RecordStatus.Duplicate);
        response.Conflicts = outcomes.Count(o => o.Status == RecordStatus.Conflict);
        return response;
    }
}
