using CustomerHealth.Scoring.Scorecards;
using CustomerHealth.Scoring.V1;
using CustomerHealth.ServiceDefaults.Validation;
using Grpc.Core;
using JasperFx;

namespace CustomerHealth.Scoring.Api;

public sealed partial class ScoringGrpcService
{
    public override async Task<PublishScorecardResponse> PublishScorecard(PublishScorecardRequest request, ServerCallContext context)
    {
        var v = ScorecardValidation.Validate(request.Scorecard);
        v.RequireText("author", request.Author, MaxAuthorLength);
        v.ThrowIfAny();
        try
        {
            var (scorecard, progress) = await publishing.PublishAsync(ScorecardValidation.ToDraft(request.Scorecard), request.Author, context.CancellationToken);
            return new PublishScorecardResponse { Version = scorecard.Version, Progress = progress.ToMessage() };
        }
        catch (DocumentAlreadyExistsException)
        {
            throw new RpcException(new Status(StatusCode.Aborted, "Another scorecard version was published at the same moment; publish again."));
        }
    }

    public override async Task<GetScorecardResponse> GetScorecard(GetScorecardRequest request, ServerCallContext context)
    {
        if (request.Version < 0)
        {
            throw new FieldViolations().Add("version", "must be 0 (current) or a version number.").ToRpcException();
        }

        var versions = await scorecards.VersionsAsync(context.CancellationToken);
        var scorecard = request.Version == 0 ? versions[^1] : versions.FirstOrDefault(s => s.Version == request.Version)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"Scorecard version {request.Version} does not exist."));
        var response = new GetScorecardResponse { Scorecard = scorecard.ToMessage() };
        if (await query.LoadAsync<RescoreProgressDocument>(scorecard.Version, context.CancellationToken) is { } progress)
        {
            response.Progress = progress.ToMessage();
        }

        return response;
    }
}
