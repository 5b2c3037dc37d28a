using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CustomerHealth.Billing.V1;

namespace CustomerHealth.Billing.Tests.RecordingRevenue;

/// <summary>DROP on poison input and the dead letters listed by ListRejectedEvents.</summary>
public class RejectedEventsTests(BillingApp app) : IClassFixture<BillingApp>
{
    [Theory]
    [InlineData("\"just a string\"")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"account_id\": {\"nested\": true}}")]
    public async Task Poison_data_is_dropped_and_listed_with_its_reason(string data)
    {
        var id = Guid.NewGuid().ToString("N");
        var envelope = $"{{\"specversion\":\"1.0\",\"id\":\"{id}\",\"source\":\"poison\",\"type\":\"x\",\"datacontenttype\":\"application/json\",\"data\":{data}}}";
        using var content = new StringContent(envelope, Encoding.UTF8, "application/cloudevents+json");

        using var response = await app.Rest.PostAsync("/dapr/revenue-events", content);

        var status = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("DROP", status.GetProperty("status").GetString());
        var listed = await ListAllAsync();
        Assert.Contains(listed, r => r.EventId == $"poison/{id}" && r.Reason.Length > 0 && r.Channel == "dapr:revenue-events");
    }

    [Fact]
    public async Task Rejected_events_are_listed_newest_first_in_pages()
    {
        for (var i = 0; i < 3; i++)
        {
            await RevenueEventsSubscriptionTests.PostCloudEventAsync(app.Rest, $"page-{i}-{Guid.NewGuid():N}", "paging", new { kind = "nope" });
        }

        var first = await app.Grpc.ListRejectedEventsAsync(new ListRejectedEventsRequest { PageSize = 2 });
        var second = await app.Grpc.ListRejectedEventsAsync(new ListRejectedEventsRequest { PageSize = 2, PageToken = first.NextPageToken });
        var rest = await app.Rest.GetFromJsonAsync<JsonElement>("/api/v1/billing/rejected-events?page_size=1");

        Assert.Equal(2, first.Events.Count);
        Assert.NotEmpty(first.NextPageToken);
        Assert.True(first.Events[0].RejectedAt.ToDateTimeOffset() >= first.Events[1].RejectedAt.ToDateTimeOffset());
        Assert.DoesNotContain(second.Events, e => first.Events.Any(f => f.Id == e.Id));
        Assert.Single(rest.GetProperty("events").EnumerateArray());
    }

    private async Task<List<RejectedEvent>> ListAllAsync()
    {
        var all = new List<RejectedEvent>();
        var token = "";
        do
        {
            var page = await app.Grpc.ListRejectedEventsAsync(new ListRejectedEventsRequest { PageSize = 500, PageToken = token });
            all.AddRange(page.Events);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        return all;
    }
}
