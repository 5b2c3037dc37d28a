using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CustomerHealth.Usage.V1;

namespace CustomerHealth.Usage.Tests.ThroughTheGateway;

/// <summary>Every ingest path and the reads, through the gateway's REST and gRPC ports.</summary>
public class GatewayTests(UsageBehindGateway system) : IClassFixture<UsageBehindGateway>
{
    [Fact]
    public async Task Events_streamed_batched_and_posted_through_the_gateway_are_counted_once_and_readable()
    {
        var account = Events.NewAccount();
        var events = Enumerable.Range(0, 50).Select(i => Events.Valid(account, $"g-{i}", user: $"u{i % 5}", at: Events.EarlierToday())).ToArray();

        var streamed = await Events.StreamAsync(system.Grpc, events.Take(30));
        var batched = (await system.Grpc.RecordEventBatchAsync(Events.Batch(events.Skip(20).ToArray()))).Summary;
        using var posted = await system.Rest.PostAsJsonAsync("/api/v1/usage/events", Events.Json(Events.Batch(events)));
        var usage = await system.Rest.GetFromJsonAsync<JsonElement>($"/api/v1/usage/accounts/{account}");
        var top = await system.Grpc.ListTopFeaturesAsync(new ListTopFeaturesRequest { AccountId = account });

        Assert.Equal(30, streamed.Accepted);
        Assert.Equal((20L, 10L), (batched.Accepted, batched.Duplicate));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var summary = await posted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((0L, 50L), (Json.Long(summary.GetProperty("accepted")), Json.Long(summary.GetProperty("duplicate"))));
        Assert.Equal(5, usage.GetProperty("current").GetProperty("dau").GetInt32());
        Assert.Equal(50L, Assert.Single(top.Features).Events);
    }

    [Fact]
    public async Task An_oversized_REST_batch_is_413_through_the_gateway()
    {
        var batch = Events.Batch(Enumerable.Range(0, 10_001).Select(i => Events.Valid(eventId: $"big-{i}")).ToArray());

        using var response = await system.Rest.PostAsJsonAsync("/api/v1/usage/events", Events.Json(batch));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
