using CustomerHealth.Feedback.Tickets;
using CustomerHealth.Feedback.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CustomerHealth.Feedback.Api;

public sealed partial class FeedbackGrpcService
{
    public override async Task<RecordSupportTicketResponse> RecordSupportTicket(RecordSupportTicketRequest request, ServerCallContext context)
    {
        SupportTicketValidation.Validate(request, clock.GetUtcNow()).ThrowIfAny();
        var (outcome, isLatest) = await tickets.RecordAsync(request, context.CancellationToken);
        if (outcome.Status == RecordStatus.Conflict)
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists,
                $"event_id '{request.EventId}' was already recorded at {outcome.RecordedAt:O} with a different payload."));
        }

        return new RecordSupportTicketResponse
        {
            EventId = request.EventId,
            Duplicate = outcome.Status == RecordStatus.Duplicate,
            RecordedAt = Timestamp.FromDateTimeOffset(outcome.RecordedAt),
            IsLatest = isLatest,
        };
    }
}
