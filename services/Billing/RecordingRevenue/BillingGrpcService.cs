using CustomerHealth.Billing.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CustomerHealth.Billing.RecordingRevenue;

/// <summary>gRPC (and, by JSON transcoding, REST) ingress for revenue events.</summary>
public sealed class BillingGrpcService(RevenueEventRecorder recorder, TimeProvider clock) : BillingService.BillingServiceBase
{
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
}
