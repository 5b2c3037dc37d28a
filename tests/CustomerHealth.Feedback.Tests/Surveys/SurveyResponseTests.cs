using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CustomerHealth.Feedback.V1;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;

namespace CustomerHealth.Feedback.Tests.Surveys;

/// <summary>Survey ingest over gRPC and REST against real PostgreSQL and RabbitMQ.</summary>
public class SurveyResponseTests(FeedbackApp app) : IClassFixture<FeedbackApp>
{
    [Fact]
    public async Task A_response_is_recorded_with_its_comment_sentiment_and_published_once()
    {
        var survey = Feedbacks.Survey(score: 3, comment: "The exports are not good and support is very slow.");

        var answer = await app.Grpc.SubmitSurveyResponseAsync(survey);

        Assert.False(answer.Duplicate);
        Assert.True(answer.CommentSentiment < 0, $"sentiment {answer.CommentSentiment}");
        var rows = await Eventually.MatchesAsync(() => app.OutboxAsync(survey.EventId), r => r.Count == 1 && r[0].Dispatched, "the dispatched signal");
        Assert.Equal("SurveyAnsweredV1", rows[0].Type);
        var body = JsonDocument.Parse((await app.OutboxBodyAsync(survey.EventId))!).RootElement;
        Assert.Equal(answer.CommentSentiment, body.GetProperty("commentSentiment").GetDouble());
        Assert.Equal(3, body.GetProperty("score").GetInt32());
    }

    [Fact]
    public async Task The_same_response_on_every_path_is_counted_once_and_a_changed_payload_is_refused()
    {
        var survey = Feedbacks.Survey(kind: "csat", score: 5);
        var json = new StringContent(JsonFormatter.Default.Format(survey), System.Text.Encoding.UTF8, "application/json");
        var batchJson = new StringContent(JsonFormatter.Default.Format(new SubmitSurveyResponsesRequest { Responses = { survey } }), System.Text.Encoding.UTF8, "application/json");

        await app.Grpc.SubmitSurveyResponseAsync(survey);
        var again = await app.Grpc.SubmitSurveyResponseAsync(survey);
        var batch = await app.Grpc.SubmitSurveyResponsesAsync(new SubmitSurveyResponsesRequest { Responses = { survey, survey } });
        using var rest = await app.Rest.PostAsync("/api/v1/feedback/survey-responses", json);
        using var restBatch = await app.Rest.PostAsync("/api/v1/feedback/survey-responses:batch", batchJson);
        var changed = survey.Clone();
        changed.Score = 1;
        var conflict = await Assert.ThrowsAsync<RpcException>(() => app.Grpc.SubmitSurveyResponseAsync(changed).ResponseAsync);
        using var restConflict = await app.Rest.PostAsync("/api/v1/feedback/survey-responses",
            new StringContent(JsonFormatter.Default.Format(changed), System.Text.Encoding.UTF8, "application/json"));

        Assert.True(again.Duplicate);
        Assert.Equal(["duplicate", "duplicate"], batch.Results.Select(r => r.Status));
        Assert.True((await rest.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, restBatch.StatusCode);
        Assert.Equal(StatusCode.AlreadyExists, conflict.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, restConflict.StatusCode);
        Assert.Single(await app.OutboxAsync(survey.EventId));
        var metrics = (await app.Grpc.GetAccountFeedbackAsync(new GetAccountFeedbackRequest { AccountId = survey.AccountId })).Metrics;
        Assert.Equal(1, metrics.CsatResponses);
    }

    [Fact]
    public async Task A_batch_answers_per_response_and_treats_a_repeat_inside_it_as_a_duplicate()
    {
        var account = Feedbacks.NewAccount();
        var first = Feedbacks.Survey(account);
        var request = new SubmitSurveyResponsesRequest { Responses = { first, Feedbacks.Survey(account, "ces", 2), first } };

        var answer = await app.Grpc.SubmitSurveyResponsesAsync(request);

        Assert.Equal(["recorded", "recorded", "duplicate"], answer.Results.Select(r => r.Status));
        Assert.Equal((2, 1), (answer.Recorded, answer.Duplicates));
    }

    public static TheoryData<string, Action<SubmitSurveyResponseRequest>> InvalidFields => new()
    {
        { "event_id", r => r.EventId = "" },
        { "account_id", r => r.AccountId = new string('a', 129) },
        { "respondent_id", r => r.RespondentId = "" },
        { "kind", r => r.Kind = "sus" },
        { "score", r => r.Score = 11 },
        { "score", r => r.Score = -1 },
        { "score", r => { r.Kind = "csat"; r.Score = 0; } },
        { "score", r => { r.Kind = "csat"; r.Score = 6; } },
        { "score", r => { r.Kind = "ces"; r.Score = 0; } },
        { "score", r => { r.Kind = "ces"; r.Score = 8; } },
        { "comment", r => r.Comment = new string('c', 5_001) },
        { "occurred_at", r => r.OccurredAt = null },
        { "source", r => r.Source = "" },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task Bad_input_is_INVALID_ARGUMENT_over_gRPC_and_400_over_REST_naming_the_field(string field, Action<SubmitSurveyResponseRequest> breakIt)
    {
        var survey = Feedbacks.Survey();
        breakIt(survey);

        var rpc = await Assert.ThrowsAsync<RpcException>(() => app.Grpc.SubmitSurveyResponseAsync(survey).ResponseAsync);
        using var rest = await app.Rest.PostAsync("/api/v1/feedback/survey-responses",
            new StringContent(JsonFormatter.Default.Format(survey), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(StatusCode.InvalidArgument, rpc.StatusCode);
        Assert.Equal(field, Assert.Single(rpc.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
        Assert.Equal(HttpStatusCode.BadRequest, rest.StatusCode);
        var problem = await rest.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("nps", 0)]
    [InlineData("nps", 10)]
    [InlineData("csat", 1)]
    [InlineData("csat", 5)]
    [InlineData("ces", 1)]
    [InlineData("ces", 7)]
    public async Task Each_end_of_each_scale_is_accepted(string kind, int score)
    {
        var answer = await app.Grpc.SubmitSurveyResponseAsync(Feedbacks.Survey(kind: kind, score: score));

        Assert.False(answer.Duplicate);
    }

    [Fact]
    public async Task An_invalid_response_rejects_the_whole_batch_naming_its_position()
    {
        var bad = Feedbacks.Survey(score: 12);
        var good = Feedbacks.Survey();

        var rpc = await Assert.ThrowsAsync<RpcException>(() =>
            app.Grpc.SubmitSurveyResponsesAsync(new SubmitSurveyResponsesRequest { Responses = { good, bad } }).ResponseAsync);

        Assert.Equal("responses[1].score", Assert.Single(rpc.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field);
        Assert.Empty(await app.OutboxAsync(good.EventId));
    }
}
