using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CustomerHealth.Testing;

namespace CustomerHealth.Billing.Tests.RecordingRevenue;

/// <summary>The Dapr pub/sub route, posted to as the sidecar would (no sidecar exists here).</summary>
public class RevenueEventsSubscriptionTests(BillingApp app) : IClassFixture<BillingApp>
{
    [Fact]
    public async Task Billing_subscribes_to_revenue_events_on_billing_pubsub()
    {
        var subscriptions = await app.Rest.GetFromJsonAsync<JsonElement>("/dapr/subscribe");

        var subscription = Assert.Single(subscriptions.EnumerateArray());
        Assert.Equal("billing-pubsub", subscription.GetProperty("pubsubName").GetString());
        Assert.Equal("revenue-events", subscription.GetProperty("topic").GetString());
        Assert.Equal("dapr/revenue-events", subscription.GetProperty("route").GetString()!.TrimStart('/'));
    }

    [Fact]
    public async Task A_CloudEvent_is_recorded_under_its_source_and_id_and_a_redelivery_is_counted_once()
    {
        var id = Guid.NewGuid().ToString("N");

        var first = await PostCloudEventAsync(app.Rest, id, "chargebee", ValidData());
        var second = await PostCloudEventAsync(app.Rest, id, "chargebee", ValidData());

        Assert.True(first.GetProperty("status").GetString() == "SUCCESS", first.ToString());
        Assert.Equal("SUCCESS", second.GetProperty("status").GetString());
        Assert.True(second.GetProperty("duplicate").GetBoolean());
        Assert.Equal((1, 1, 1), await app.CountStoredAsync($"chargebee/{id}"));
    }

    [Fact]
    public async Task The_same_id_from_another_source_is_another_event()
    {
        var id = Guid.NewGuid().ToString("N");

        await PostCloudEventAsync(app.Rest, id, "chargebee", ValidData());
        var other = await PostCloudEventAsync(app.Rest, id, "stripe", ValidData());

        Assert.False(other.GetProperty("duplicate").GetBoolean());
        Assert.Equal((1, 1, 1), await app.CountStoredAsync($"stripe/{id}"));
    }

    [Fact]
    public async Task Invalid_data_is_dropped_and_kept_with_its_reason()
    {
        var id = Guid.NewGuid().ToString("N");

        var answer = await PostCloudEventAsync(app.Rest, id, "chargebee", new { account_id = "acct-1", kind = "subscription_paused" });

        Assert.Equal("DROP", answer.GetProperty("status").GetString());
        Assert.Contains("kind", answer.GetProperty("reason").GetString());
        Assert.Equal(1, await app.ScalarAsync(
            "select count(*) from billing.mt_doc_rejectedrevenueevent where data->>'EventId' = @id and data->>'Reason' like '%kind%'", ("id", $"chargebee/{id}")));
        Assert.Equal((0, 0, 0), await app.CountStoredAsync($"chargebee/{id}"));
    }

    [Fact]
    public async Task Data_that_is_not_a_revenue_event_is_dropped_not_a_server_error()
    {
        var answer = await PostCloudEventAsync(app.Rest, Guid.NewGuid().ToString("N"), "chargebee", new { mrr = "a lot" });

        Assert.Equal("DROP", answer.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_conflicting_redelivery_is_dropped()
    {
        var id = Guid.NewGuid().ToString("N");
        await PostCloudEventAsync(app.Rest, id, "chargebee", ValidData(mrrMinor: 100));

        var answer = await PostCloudEventAsync(app.Rest, id, "chargebee", ValidData(mrrMinor: 200));

        Assert.Equal("DROP", answer.GetProperty("status").GetString());
        Assert.Equal((1, 1, 1), await app.CountStoredAsync($"chargebee/{id}"));
    }

    /// <summary>Fixed per run, so a redelivery carries the very same payload.</summary>
    private static readonly DateTimeOffset OccurredAt = DateTimeOffset.UtcNow.AddMinutes(-10);

    internal static object ValidData(long mrrMinor = 4_900, string accountId = "acct-ce") => new
    {
        account_id = accountId,
        kind = "invoice_paid",
        mrr = new { amount_minor = mrrMinor, currency = "EUR" },
        occurred_at = OccurredAt.ToString("O"),
        plan = "starter",
    };

    internal static async Task<JsonElement> PostCloudEventAsync(HttpClient client, string id, string source, object data)
    {
        var envelope = JsonSerializer.Serialize(new
        {
            specversion = "1.0",
            id,
            source,
            type = "com.customerhealth.revenue",
            datacontenttype = "application/json",
            data,
        });
        using var content = new StringContent(envelope, Encoding.UTF8, "application/cloudevents+json");
        using var response = await client.PostAsync("/dapr/revenue-events", content);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}

/// <summary>RETRY while PostgreSQL is down: a server of its own, so stopping it disturbs no other test.</summary>
public sealed class RevenueEventsSubscriptionOutageTests : IAsyncLifetime
{
    private PostgresServer _postgres = null!;
    private BillingApp _app = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        _app = new BillingApp { DedicatedPostgres = _postgres };
        await _app.InitializeAsync();
    }

    [Fact]
    public async Task While_PostgreSQL_is_down_a_CloudEvent_is_answered_RETRY_and_accepted_once_it_is_back()
    {
        var id = Guid.NewGuid().ToString("N");
        await _postgres.StopAsync();

        var during = await RevenueEventsSubscriptionTests.PostCloudEventAsync(_app.Rest, id, "chargebee", RevenueEventsSubscriptionTests.ValidData());

        await _postgres.StartAgainAsync();
        var after = await RevenueEventsSubscriptionTests.PostCloudEventAsync(_app.Rest, id, "chargebee", RevenueEventsSubscriptionTests.ValidData());
        Assert.Equal("RETRY", during.GetProperty("status").GetString());
        Assert.Equal("SUCCESS", after.GetProperty("status").GetString());
        Assert.False(after.GetProperty("duplicate").GetBoolean());
        Assert.Equal((1, 1, 1), await _app.CountStoredAsync($"chargebee/{id}"));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _postgres.DisposeAsync();
    }
}
