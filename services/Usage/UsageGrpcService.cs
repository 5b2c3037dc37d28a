using CustomerHealth.Usage.ReadingUsage;
using CustomerHealth.Usage.RecordingEvents;
using CustomerHealth.Usage.V1;
using Grpc.Core;

namespace CustomerHealth.Usage;

/// <summary>customerhealth.usage.v1.UsageService (REST by JSON transcoding): each RPC hands over to its slice.</summary>
public sealed class UsageGrpcService(
    EventRecorder recorder,
    AccountUsageQuery accountUsage,
    FeatureAdoptionQuery featureAdoption,
    TopFeaturesQuery topFeatures) : UsageService.UsageServiceBase
{
    public override async Task<RecordEventsResponse> RecordEvents(IAsyncStreamReader<RecordEventsRequest> requestStream, ServerCallContext context) =>
        new() { Summary = await recorder.RecordStreamAsync(requestStream, context.CancellationToken) };

    public override async Task<RecordEventBatchResponse> RecordEventBatch(RecordEventBatchRequest request, ServerCallContext context) =>
        new() { Summary = await recorder.RecordBatchAsync(request.Events, context.CancellationToken) };

    public override Task<GetAccountUsageResponse> GetAccountUsage(GetAccountUsageRequest request, ServerCallContext context) =>
        accountUsage.GetAsync(request, context.CancellationToken);

    public override Task<GetFeatureAdoptionResponse> GetFeatureAdoption(GetFeatureAdoptionRequest request, ServerCallContext context) =>
        featureAdoption.GetAsync(request, context.CancellationToken);

    public override Task<ListTopFeaturesResponse> ListTopFeatures(ListTopFeaturesRequest request, ServerCallContext context) =>
        topFeatures.ListAsync(request, context.CancellationToken);
}
