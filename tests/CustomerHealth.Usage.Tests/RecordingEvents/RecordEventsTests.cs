using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CustomerHealth.Usage.V1;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;

namespace CustomerHealth.Usage.Tests.RecordingEvents;

/// <summary>The three ingest paths (gRPC stream, gRPC batch, REST batch) against real PostgreSQL.</summary>
public class RecordEventsTests(UsageApp app) : IClassFixture<UsageApp>
{
    [Fact]
    public async Task A_stream_stores_its_valid_events_and_reports_each_bad_one_with_index_id_field_and_reason()
    {
        var account = Events.NewAccount();
        var events = Enumerable.Range(0, 10).Select(i => Events.Valid(account, $"s-{i}")).ToList();
        events[3].Feature = "";
        events[7].OccurredAt = null;
        events[7].Quantity = 0;

        var summary = await Events.StreamAsync(app.Grpc, events);

        Assert.Equal((8L, 0L, 2L), (summary.Accepted, summary.Duplicate, summary.Rejected));
        Assert.Equal(
            [(3L, "s-3", "feature"), (7L, "s-7", "occurred_at"), (7L, "s-7", "quantity")],
            summary.Rejections.Select(r => (r.Index, r.EventId, r.Field)));
        Assert.All(summary.Rejections, r => Assert.False(string.IsNullOrWhiteSpace(r.Reason)));
        Assert.Equal(8, await app.ScalarAsync("select count(*) from usage.events where account_id = $1", account));
    }

    [Fact]
    public async Task The_same_event_sent_three_times_over_three_paths_is_stored_and_counted_once()
    {
        var e = Events.Valid();
        e.Quantity = 5;
        e.Properties.Add("plan", "growth");

        var first = await Events.StreamAsync(app.Grpc, [e]);
        var second = (await app.Grpc.RecordEventBatchAsync(Events.Batch(e))).Summary;
        using var third = await app.Rest.PostAsJsonAsync("/api/v1/usage/events", Events.Json(Events.Batch(e)));

        Assert.Equal((1L, 0L), (first.Accepted, first.Duplicate));
        Assert.Equal((0L, 1L), (second.Accepted, second.Duplicate));
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        var rest = await third.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, Json.Long(rest.GetProperty("duplicate")));
        Assert.Equal(1, await app.ScalarAsync("select count(*) from usage.events where account_id = $1", e.AccountId));
        Assert.Equal(5, await app.ScalarAsync("select sum(quantity) from usage.daily_features where account_id = $1", e.AccountId));
        Assert.Equal(1, await app.ScalarAsync("select sum(events) from usage.daily_features where account_id = $1", e.AccountId));
    }

    [Fact]
    public async Task An_event_id_resent_with_an_occurred_at_on_another_day_is_a_duplicate_on_every_path_and_counted_once()
    {
        var account = Events.NewAccount();
        var original = Events.Valid(account, "moved", user: "ann", at: Events.DaysAgo(3));
        var otherDay = Events.Valid(account, "moved", user: "bob", at: Events.DaysAgo(1));
        var today = Events.Valid(account, "moved", user: "cat", at: Events.EarlierToday());

        var streamed = await Events.StreamAsync(app.Grpc, [original]);
        var batched = (await app.Grpc.RecordEventBatchAsync(Events.Batch(otherDay))).Summary;
        using var posted = await app.Rest.PostAsJsonAsync("/api/v1/usage/events", Events.Json(Events.Batch(today)));
        var streamedAgain = await Events.StreamAsync(app.Grpc, [otherDay, today]);

        Assert.Equal((1L, 0L), (streamed.Accepted, streamed.Duplicate));
        Assert.Equal((0L, 1L), (batched.Accepted, batched.Duplicate));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var rest = await posted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((0L, 1L), (Json.Long(rest.GetProperty("accepted")), Json.Long(rest.GetProperty("duplicate"))));
        Assert.Equal((0L, 2L), (streamedAgain.Accepted, streamedAgain.Duplicate));
        var day = UtcDay.Of(Events.DaysAgo(3));
        Assert.Equal(1, await app.ScalarAsync("select count(*) from usage.events where account_id = $1", account));
        Assert.Equal(1, await app.ScalarAsync("select count(*) from usage.events where account_id = $1 and day = $2 and user_id = 'ann'", account, day));
        Assert.Equal(1, await app.ScalarAsync("select sum(events) from usage.daily_features where account_id = $1", account));
        Assert.Equal(1, await app.ScalarAsync("select count(*) from usage.daily_users where account_id = $1", account));
        var usage = await app.Grpc.GetAccountUsageAsync(new GetAccountUsageRequest
        {
            AccountId = account,
            From = UtcDay.ToText(day),
            To = UtcDay.ToText(UtcDay.Of(Events.EarlierToday())),
        });
        Assert.Equal([1L, 0, 0, 0], usage.Daily.Select(d => d.Events));
        Assert.Equal([1, 0, 0, 0], usage.Daily.Select(d => d.ActiveUsers));
        Assert.Equal(1, usage.Current.ActiveUsers);
    }

    [Fact]
    public async Task The_same_event_id_in_another_account_is_another_event()
    {
        var first = Events.Valid(eventId: "shared-id", at: Events.DaysAgo(2));
        var second = Events.Valid(eventId: "shared-id", at: Events.DaysAgo(1));

        var streamed = await Events.StreamAsync(app.Grpc, [first]);
        var batched = (await app.Grpc.RecordEventBatchAsync(Events.Batch(second))).Summary;

        Assert.Equal((1L, 0L), (streamed.Accepted, streamed.Duplicate));
        Assert.Equal((1L, 0L), (batched.Accepted, batched.Duplicate));
        Assert.Equal(1, await app.ScalarAsync("select count(*) from usage.events where account_id = $1 and event_id = 'shared-id'", first.AccountId));
        Assert.Equal(1, await app.ScalarAsync("select count(*) from usage.events where account_id = $1 and event_id = 'shared-id'", second.AccountId));
    }

    [Fact]
    public async Task One_request_holding_an_event_id_twice_on_different_days_stores_the_first_only()
    {
        var account = Events.NewAccount();
        var first = Events.Valid(account, "twice", user: "ann", at: Events.EarlierToday());
        var second = Events.Valid(account, "twice", user: "bob", at: Events.DaysAgo(5));

        var summary = (await app.Grpc.RecordEventBatchAsync(Events.Batch(first, second))).Summary;

        Assert.Equal((1L, 1L), (summary.Accepted, summary.Duplicate));
        Assert.Equal(1, await app.ScalarAsync("select count(*) from usage.events where account_id = $1", account));
        Assert.Equal(1, await app.ScalarAsync("select count(*) from usage.events where account_id = $1 and user_id = 'ann'", account));
        Assert.Equal(1, await app.ScalarAsync("select sum(events) from usage.daily_features where account_id = $1", account));
    }

    [Fact]
    public async Task Duplicates_inside_one_request_and_in_concurrent_requests_are_counted_once()
    {
        var account = Events.NewAccount();
        var events = Enumerable.Range(0, 300).Select(i => Events.Valid(account, $"c-{i % 100}", user: $"u{i % 7}")).ToArray();

        var summaries = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.Grpc.RecordEventBatchAsync(Events.Batch(events)).ResponseAsync));

        Assert.Equal(100, summaries.Sum(s => s.Summary.Accepted));
        Assert.Equal(1100, summaries.Sum(s => s.Summary.Duplicate));
        Assert.Equal(100, await app.ScalarAsync("select sum(events) from usage.daily_features where account_id = $1", account));
        Assert.Equal(7, await app.ScalarAsync("select count(*) from usage.daily_users where account_id = $1", account));
    }

    [Fact]
    public async Task A_REST_batch_with_bad_events_answers_200_with_the_rejections_listed()
    {
        var good = Events.Valid();
        var bad = Events.Valid(good.AccountId);
        bad.UserId = "";

        using var response = await app.Rest.PostAsJsonAsync("/api/v1/usage/events", Events.Json(Events.Batch(good, bad)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, Json.Long(body.GetProperty("accepted")));
        Assert.Equal(1, Json.Long(body.GetProperty("rejected")));
        var rejection = body.GetProperty("rejections")[0];
        Assert.Equal(1, Json.Long(rejection.GetProperty("index")));
        Assert.Equal("user_id", rejection.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Only_the_first_100_problems_are_listed_but_all_are_counted()
    {
        var events = Enumerable.Range(0, 250).Select(i => Events.Valid(eventId: $"bad-{i}", user: "")).ToArray();

        var summary = (await app.Grpc.RecordEventBatchAsync(Events.Batch(events))).Summary;

        Assert.Equal(250, summary.Rejected);
        Assert.Equal(100, summary.Rejections.Count);
        Assert.Equal(99, summary.Rejections[^1].Index);
    }

    [Fact]
    public async Task An_oversized_batch_is_RESOURCE_EXHAUSTED_over_gRPC_and_413_over_REST_naming_the_limit()
    {
        var account = Events.NewAccount();
        var batch = Events.Batch(Enumerable.Range(0, 10_001).Select(i => Events.Valid(account, $"o-{i}")).ToArray());

        var rpc = await Assert.ThrowsAsync<RpcException>(() => app.Grpc.RecordEventBatchAsync(batch).ResponseAsync);
        using var rest = await app.Rest.PostAsJsonAsync("/api/v1/usage/events", Events.Json(batch));

        Assert.Equal(StatusCode.ResourceExhausted, rpc.StatusCode);
        Assert.Contains("10,000", rpc.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, rest.StatusCode);
        Assert.Equal("application/problem+json", rest.Content.Headers.ContentType?.MediaType);
        var problem = await rest.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("10,000", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await app.ScalarAsync("select count(*) from usage.events where account_id = $1", account));
    }

    [Fact]
    public async Task An_oversized_stream_message_is_RESOURCE_EXHAUSTED()
    {
        var events = Enumerable.Range(0, 10_001).Select(i => Events.Valid(eventId: $"m-{i}"));

        var ex = await Assert.ThrowsAsync<RpcException>(() => Events.StreamAsync(app.Grpc, events, perMessage: 10_001));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Contains("10,000", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"events\": [")]
    [InlineData("{\"events\": [{\"event_id\": 12, \"occurred_at\": \"yesterday\"}]}")]
    [InlineData("[1,2,3]")]
    public async Task Malformed_JSON_is_400_problem_details(string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        using var response = await app.Rest.PostAsync("/api/v1/usage/events", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_message_over_the_size_limit_is_RESOURCE_EXHAUSTED_naming_the_limit_on_the_batch_and_on_the_stream()
    {
        // The size is checked before the bytes are parsed, so they need not be a valid message.
        var tooLarge = new byte[(16 * 1024 * 1024) + 1];

        var batch = await Assert.ThrowsAsync<RpcException>(() => RawGrpcCall.UnaryAsync(app.CallInvoker, "RecordEventBatch", tooLarge));
        var stream = await Assert.ThrowsAsync<RpcException>(() => RawGrpcCall.ClientStreamingAsync(app.CallInvoker, "RecordEvents", tooLarge));

        Assert.Equal((StatusCode.ResourceExhausted, StatusCode.ResourceExhausted), (batch.StatusCode, stream.StatusCode));
        Assert.Contains("16,777,216 bytes", batch.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("16,777,216 bytes", stream.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_message_is_INVALID_ARGUMENT_on_the_batch_and_on_the_stream()
    {
        var account = Events.NewAccount();
        var good = new RecordEventsRequest { Events = { Events.Valid(account, "before-the-bad-one") } }.ToByteArray();

        var batch = await Assert.ThrowsAsync<RpcException>(() => RawGrpcCall.UnaryAsync(app.CallInvoker, "RecordEventBatch", RawGrpcCall.Truncated));
        var stream = await Assert.ThrowsAsync<RpcException>(() => RawGrpcCall.ClientStreamingAsync(app.CallInvoker, "RecordEvents", good, RawGrpcCall.Truncated));

        Assert.Equal(StatusCode.InvalidArgument, batch.StatusCode);
        Assert.Contains("RecordEventBatchRequest", batch.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, stream.StatusCode);
        Assert.Contains("RecordEventsRequest", stream.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_batch_is_INVALID_ARGUMENT_naming_events()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => app.Grpc.RecordEventBatchAsync(new RecordEventBatchRequest()).ResponseAsync);
        using var rest = await app.Rest.PostAsJsonAsync("/api/v1/usage/events", new { events = Array.Empty<object>() });

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains(ex.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations, v => v.Field == "events");
        Assert.Equal(HttpStatusCode.BadRequest, rest.StatusCode);
    }

    [Fact]
    public async Task A_batch_is_written_in_one_transaction_over_gRPC_and_over_REST_not_one_per_event()
    {
        var grpcAccount = Events.NewAccount();
        var restAccount = Events.NewAccount();
        UsageEvent[] Many(string account) => [.. Enumerable.Range(0, 2_000).Select(i => Events.Valid(account, $"tx-{i}", user: $"u{i % 50}", feature: $"f{i % 9}"))];

        var grpc = (await app.Grpc.RecordEventBatchAsync(Events.Batch(Many(grpcAccount)))).Summary;
        using var rest = await app.Rest.PostAsJsonAsync("/api/v1/usage/events", Events.Json(Events.Batch(Many(restAccount))));

        Assert.Equal(2_000, grpc.Accepted);
        Assert.Equal(HttpStatusCode.OK, rest.StatusCode);
        // Rows written by one transaction share its id (xmin).
        const string Transactions = "select count(distinct xmin::text) from usage.events where account_id = $1";
        Assert.Equal((1L, 1L), (await app.ScalarAsync(Transactions, grpcAccount), await app.ScalarAsync(Transactions, restAccount)));
        Assert.Equal(4_000, await app.ScalarAsync("select count(*) from usage.events where account_id in ($1, $2)", grpcAccount, restAccount));
    }

    [Fact]
    public async Task A_long_stream_of_single_event_messages_is_written_in_chunks_and_fully_counted()
    {
        var account = Events.NewAccount();
        var events = Enumerable.Range(0, 12_000).Select(i => Events.Valid(account, $"l-{i}", user: $"u{i % 50}", feature: $"f{i % 9}"));

        var summary = await Events.StreamAsync(app.Grpc, events);

        Assert.Equal(12_000, summary.Accepted);
        Assert.Equal(12_000, await app.ScalarAsync("select count(*) from usage.events where account_id = $1", account));
        Assert.Equal(12_000, await app.ScalarAsync("select sum(events) from usage.daily_features where account_id = $1", account));
    }
}
