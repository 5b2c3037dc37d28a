using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CustomerHealth.Testing;
using CustomerHealth.Usage.V1;
using Grpc.Core;

namespace CustomerHealth.Usage.Tests.ThroughTheGateway;

/// <summary>Every ingest path and the reads, through the gateway's REST and gRPC ports.</summary>
public class GatewayTests(UsageBehindGateway system) : IClassFixture<UsageBehindGateway>
{
    [Fact]
    public async Task Events_streamed_batched_and_posted_through_the_gateway_are_counted_once_and_readable()
    {
        var account = Events.NewAccount();
        // The service runs on the real clock: read the series for the events' own day, which is
        // "today" only if the run does not cross midnight.
        var at = Events.EarlierToday();
        var day = UtcDay.ToText(UtcDay.Of(at));
        var events = Enumerable.Range(0, 50).Select(i => Events.Valid(account, $"g-{i}", user: $"u{i % 5}", at: at)).ToArray();

        var streamed = await Events.StreamAsync(system.Grpc, events.Take(30));
        var batched = (await system.Grpc.RecordEventBatchAsync(Events.Batch(events.Skip(20).ToArray()))).Summary;
        using var posted = await system.Rest.PostAsJsonAsync("/api/v1/usage/events", Events.Json(Events.Batch(events)));
        var usage = await system.Rest.GetFromJsonAsync<JsonElement>($"/api/v1/usage/accounts/{account}?from={day}&to={day}");
        var top = await system.Grpc.ListTopFeaturesAsync(new ListTopFeaturesRequest { AccountId = account });

        Assert.Equal(30, streamed.Accepted);
        Assert.Equal((20L, 10L), (batched.Accepted, batched.Duplicate));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var summary = await posted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((0L, 50L), (Json.Long(summary.GetProperty("accepted")), Json.Long(summary.GetProperty("duplicate"))));
        var daily = Assert.Single(usage.GetProperty("daily").EnumerateArray());
        Assert.Equal(5, daily.GetProperty("activeUsers").GetInt32());
        Assert.Equal(50L, Assert.Single(top.Features).Events);
    }

    [Fact]
    public async Task An_oversized_batch_is_413_over_REST_and_RESOURCE_EXHAUSTED_over_gRPC_through_the_gateway_naming_the_limit()
    {
        var batch = Events.Batch(Enumerable.Range(0, 10_001).Select(i => Events.Valid(eventId: $"big-{i}")).ToArray());

        using var response = await system.Rest.PostAsJsonAsync("/api/v1/usage/events", Events.Json(batch));
        var rpc = await Assert.ThrowsAsync<RpcException>(() => system.Grpc.RecordEventBatchAsync(batch).ResponseAsync);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("10,000", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(StatusCode.ResourceExhausted, rpc.StatusCode);
        Assert.Contains("10,000", rpc.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_REST_body_over_the_servers_limit_is_413_naming_the_limit_from_the_gateway_and_from_the_service()
    {
        // Kestrel's default limit is 30,000,000 bytes, in the gateway as in the service. The body is
        // sent in chunks, with no length up front, so each finds out while reading it.
        var events = Enumerable.Range(0, 9_000).Select(i => Events.Valid(eventId: $"pad-{i}", user: new string('u', 128), feature: new string('f', 100)))
            .Select(e => { e.Properties.Add(Enumerable.Range(0, 16).ToDictionary(p => $"p{p}", _ => new string('v', 200))); return e; })
            .ToArray();
        using var direct = new HttpClient { BaseAddress = system.Topology.Service(ServiceTopology.Usage).HttpUrl };

        using var viaGateway = await system.Rest.PostAsJsonAsync("/api/v1/usage/events", Events.Json(Events.Batch(events)));
        using var fromService = await direct.PostAsJsonAsync("/api/v1/usage/events", Events.Json(Events.Batch(events)));

        foreach (var response in new[] { viaGateway, fromService })
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
            Assert.Matches("30,?000,?000 bytes", detail);
        }
    }

    [Fact]
    public async Task A_message_over_the_size_limit_is_RESOURCE_EXHAUSTED_through_the_gateway_naming_the_limit()
    {
        var rpc = await Assert.ThrowsAsync<RpcException>(() =>
            RawGrpcCall.UnaryAsync(system.Full.CallInvoker, "RecordEventBatch", new byte[(16 * 1024 * 1024) + 1]));

        Assert.Equal(StatusCode.ResourceExhausted, rpc.StatusCode);
        Assert.Contains("16,777,216 bytes", rpc.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_message_is_INVALID_ARGUMENT_through_the_gateway()
    {
        var batch = await Assert.ThrowsAsync<RpcException>(() => RawGrpcCall.UnaryAsync(system.Full.CallInvoker, "RecordEventBatch", RawGrpcCall.Truncated));
        var stream = await Assert.ThrowsAsync<RpcException>(() => RawGrpcCall.ClientStreamingAsync(system.Full.CallInvoker, "RecordEvents", RawGrpcCall.Truncated));

        Assert.Equal((StatusCode.InvalidArgument, StatusCode.InvalidArgument), (batch.StatusCode, stream.StatusCode));
    }

    [Fact]
    public async Task Ingest_travels_the_usage_ingest_clusters_and_reads_the_usage_clusters()
    {
        var account = Events.NewAccount();
        var at = Events.EarlierToday();
        var ingestOnly = system.IngestClustersOnly;
        var readsOnly = system.ReadClustersOnly;

        var streamed = await Events.StreamAsync(ingestOnly.Grpc, [Events.Valid(account, "split-1", at: at)]);
        var batched = (await ingestOnly.Grpc.RecordEventBatchAsync(Events.Batch(Events.Valid(account, "split-2", at: at)))).Summary;
        using var posted = await ingestOnly.Rest.PostAsJsonAsync("/api/v1/usage/events", Events.Json(Events.Batch(Events.Valid(account, "split-3", at: at))));
        var readOverIngestClusters = await Assert.ThrowsAsync<RpcException>(() => ingestOnly.Grpc.ListTopFeaturesAsync(new ListTopFeaturesRequest { AccountId = account }).ResponseAsync);
        using var restReadOverIngestClusters = await ingestOnly.Rest.GetAsync($"/api/v1/usage/accounts/{account}");
        var top = await readsOnly.Grpc.ListTopFeaturesAsync(new ListTopFeaturesRequest { AccountId = account });
        using var restRead = await readsOnly.Rest.GetAsync($"/api/v1/usage/accounts/{account}");
        var ingestOverReadClusters = await Assert.ThrowsAsync<RpcException>(() => readsOnly.Grpc.RecordEventBatchAsync(Events.Batch(Events.Valid(account, "split-4", at: at))).ResponseAsync);
        using var postOverReadClusters = await readsOnly.Rest.PostAsJsonAsync("/api/v1/usage/events", Events.Json(Events.Batch(Events.Valid(account, "split-5", at: at))));

        Assert.Equal((1L, 1L), (streamed.Accepted, batched.Accepted));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(1, Json.Long((await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted")));
        Assert.Equal(StatusCode.Unavailable, readOverIngestClusters.StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, restReadOverIngestClusters.StatusCode);
        Assert.Equal(3L, Assert.Single(top.Features).Events);
        Assert.Equal(HttpStatusCode.OK, restRead.StatusCode);
        Assert.Equal(StatusCode.Unavailable, ingestOverReadClusters.StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, postOverReadClusters.StatusCode);
    }
}
