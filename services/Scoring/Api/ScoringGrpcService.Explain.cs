using CustomerHealth.Scoring.V1;
using Grpc.Core;

namespace CustomerHealth.Scoring.Api;

public sealed partial class ScoringGrpcService
{
    public override async Task<ExplainScoreResponse> ExplainScore(ExplainScoreRequest request, ServerCallContext context)
    {
        RequireAccountId(request.AccountId);
        var health = await HealthOrNotFoundAsync(request.AccountId, context.CancellationToken);
        var response = new ExplainScoreResponse { Health = health.ToMessage() };
        foreach (var source in await sources.FetchAsync(request.AccountId, context.CancellationToken))
        {
            response.Sources.Add(new SourceDetail
            {
                Service = source.Service, Measures = { source.Measures }, Available = source.Available, Error = source.Error, DetailJson = source.DetailJson,
            });
        }

        return response;
    }
}
