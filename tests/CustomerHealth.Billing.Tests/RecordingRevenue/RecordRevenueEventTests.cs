using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CustomerHealth.Billing.V1;
using Google.Rpc;
using Grpc.Core;

namespace CustomerHealth.Billing.Tests.RecordingRevenue;

/// <summary>RecordRevenueEvent over gRPC and REST, against real PostgreSQL and RabbitMQ.</summary>
public class RecordRevenueEventTests(BillingApp app) : IClassFixture<BillingApp>
{
    [Fact]
    public async Task A_valid_event_over_REST_is_stored_once_with_one_outbox_message()
    {
        var request = RevenueEvents.Valid();

        using var response = await app.Rest.PostAsJsonAsync("/api/v1/billing/revenue-events", RevenueEvents.AsJson(request));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(request.EventId, body.GetProperty("eventId").GetString());
        Assert.False(body.TryGetProperty("duplicate", out var duplicate) && duplicate.GetBoolean());
        Assert.Equal((1, 1, 1), await app.CountStoredAsync(request.EventId));
    }

    [Fact]
    public async Task The_same_event_three_times_is_counted_once_and_repeats_are_marked_duplicate()
    {
        var request = RevenueEvents.Valid();

        var first = await app.Grpc.RecordRevenueEventAsync(request);
        var second = await app.Grpc.RecordRevenueEventAsync(request);
        using var third = await app.Rest.PostAsJsonAsync("/api/v1/billing/revenue-events", RevenueEvents.AsJson(request));

        Assert.False(first.Duplicate);
        Assert.True(second.Duplicate);
        Assert.Equal(first.RecordedAt, second.RecordedAt);
        var thirdBody = await third.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(thirdBody.GetProperty("duplicate").GetBoolean());
        Assert.Equal((1, 1, 1), await app.CountStoredAsync(request.EventId));
    }

    [Fact]
    public async Task Concurrent_deliveries_of_one_event_store_it_once()
    {
        var request = RevenueEvents.Valid();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => app.Grpc.RecordRevenueEventAsync(request).ResponseAsync));

        Assert.Single(answers, a => !a.Duplicate);
        Assert.Equal((1, 1, 1), await app.CountStoredAsync(request.EventId));
    }

    [Fact]
    public async Task Reusing_an_event_id_with_another_payload_is_refused_over_gRPC_and_REST()
    {
        var request = RevenueEvents.Valid();
        await app.Grpc.RecordRevenueEventAsync(request);
        var changed = request.Clone();
        changed.Mrr.AmountMinor += 1;

        var rpc = await Assert.ThrowsAsync<RpcException>(() => app.Grpc.RecordRevenueEventAsync(changed).ResponseAsync);
        using var rest = await app.Rest.PostAsJsonAsync("/api/v1/billing/revenue-events", RevenueEvents.AsJson(changed));

        Assert.Equal(StatusCode.AlreadyExists, rpc.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, rest.StatusCode);
        Assert.Equal("application/problem+json", rest.Content.Headers.ContentType?.MediaType);
        Assert.Equal((1, 1, 1), await app.CountStoredAsync(request.EventId));
    }

    [Theory]
    [MemberData(nameof(RevenueEventValidationTests.InvalidFields), MemberType = typeof(RevenueEventValidationTests))]
    public async Task Bad_input_over_gRPC_is_INVALID_ARGUMENT_with_a_field_violation(string field, Action<RecordRevenueEventRequest> breakIt)
    {
        var request = RevenueEvents.Valid();
        breakIt(request);

        var ex = await Assert.ThrowsAsync<RpcException>(() => app.Grpc.RecordRevenueEventAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var badRequest = ex.GetRpcStatus()!.GetDetail<BadRequest>();
        Assert.Contains(badRequest.FieldViolations, v => v.Field == field);
    }

    [Theory]
    [MemberData(nameof(RevenueEventValidationTests.InvalidFields), MemberType = typeof(RevenueEventValidationTests))]
    public async Task Bad_input_over_REST_is_400_problem_details_naming_the_field(string field, Action<RecordRevenueEventRequest> breakIt)
    {
        var request = RevenueEvents.Valid();
        breakIt(request);
        object body = request.Mrr is null || request.OccurredAt is null
            ? JsonSerializer.Deserialize<JsonElement>(Google.Protobuf.JsonFormatter.Default.Format(request))
            : RevenueEvents.AsJson(request);

        using var response = await app.Rest.PostAsJsonAsync("/api/v1/billing/revenue-events", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"problem details should name {field}: {problem}");
    }

    [Theory]
    [InlineData("{\"event_id\":")]
    [InlineData("{\"event_id\": 12, \"mrr\": \"lots\"}")]
    [InlineData("[1,2,3]")]
    public async Task Malformed_JSON_is_400_problem_details_not_a_server_error(string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        using var response = await app.Rest.PostAsync("/api/v1/billing/revenue-events", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
