using CustomerHealth.Feedback.Surveys;
using CustomerHealth.Feedback.V1;
using CustomerHealth.ServiceDefaults.Validation;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CustomerHealth.Feedback.Api;

public sealed partial class FeedbackGrpcService
{
    /// <summary>Large enough for bulk loads, small enough for one transaction.</summary>
    public const int MaxBatchSize = 10_000;

    public override async Task<SubmitSurveyResponseResponse> SubmitSurveyResponse(SubmitSurveyResponseRequest request, ServerCallContext context)
    {
        SurveyResponseValidation.Validate(request, clock.GetUtcNow()).ThrowIfAny();
        var (outcome, sentiment) = (await surveys.RecordAsync([request], context.CancellationToken))[0];
        if (outcome.Status == RecordStatus.Conflict)
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists,
                $"event_id '{request.EventId}' was already recorded at {outcome.RecordedAt:O} with a different payload."));
        }

        var response = new SubmitSurveyResponseResponse
        {
            EventId = request.EventId,
            Duplicate = outcome.Status == RecordStatus.Duplicate,
            RecordedAt = Timestamp.FromDateTimeOffset(outcome.RecordedAt),
        };
        if (sentiment is { } score)
        {
            response.CommentSentiment = score;
        }

        return response;
    }

    public override async Task<SubmitSurveyResponsesResponse> SubmitSurveyResponses(SubmitSurveyResponsesRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        if (request.Responses.Count is 0 or > MaxBatchSize)
        {
            violations.Add("responses", $"must hold 1 to {MaxBatchSize} responses (got {request.Responses.Count}).");
        }
        else
        {
            var now = clock.GetUtcNow();
            for (var i = 0; i < request.Responses.Count; i++)
            {
                SurveyResponseValidation.Validate(request.Responses[i], now, violations, $"responses[{i}].");
            }
        }

        violations.ThrowIfAny();
        var results = await surveys.RecordAsync(request.Responses, context.CancellationToken);
        var answer = new SubmitSurveyResponsesResponse();
        for (var i = 0; i < results.Count; i++)
        {
            answer.Results.Add(new SurveyResponseResult
            {
                EventId = request.Responses[i].EventId,
                Status = results[i].Outcome.Status.ToString().ToLowerInvariant(),
                RecordedAt = Timestamp.FromDateTimeOffset(results[i].Outcome.RecordedAt),
            });
        }

        answer.Recorded = results.Count(r => r.Outcome.Status == RecordStatus.Recorded);
        answer.Duplicates = results.Count(r => r.Outcome.Status == RecordStatus.Duplicate);
        answer.Conflicts = results.Count(r => r.Outcome.Status == RecordStatus.Conflict);
        return answer;
    }
}
