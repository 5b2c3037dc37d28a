using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CustomerHealth.Scoring.V1;
using CustomerHealth.Testing;
using Google.Rpc;
using Grpc.Core;

namespace CustomerHealth.EndToEnd.Tests;

/// <summary>gateway → billing → RabbitMQ → scoring → Marten → gateway, on real servers and processes.</summary>
public class RevenueEventEndToEndTests(RunningSystem system) : IClassFixture<RunningSystem>
{
    [Fact]
    public async Task A_revenue_event_posted_to_the_gateway_shows_in_account_health_over_REST_and_gRPC()
    {
        var account = Revenue.NewAccount();
        var e = Revenue.Event(account, mrrMinor: 250_00, minutesAgo: 5, kind: "subscription_started");

        using var posted = await Revenue.PostAsync(system.Rest, e);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        var rest = await Revenue.WaitForCountAsync(system.Rest, account, 1);
        Assert.Equal(250_00, Revenue.MrrMinor(rest));
        Assert.Equal(12 * 250_00, long.Parse(rest!.Value.GetProperty("arr").GetProperty("amountMinor").ToString()));
        Assert.Equal(e.EventId, rest.Value.GetProperty("lastRevenueEvent").GetProperty("eventId").GetString());

        var grpc = await system.ScoringGrpc.GetAccountHealthAsync(new GetAccountHealthRequest { AccountId = account });
        Assert.Equal(account, grpc.Health.AccountId);
        Assert.Equal(250_00, grpc.Health.Mrr.AmountMinor);
        Assert.Equal("USD", grpc.Health.Arr.Currency);
        Assert.Equal(1, grpc.Health.RevenueEventCount);
    }

    [Fact]
    public async Task A_revenue_event_recorded_over_gRPC_through_the_gateway_reaches_scoring()
    {
        var account = Revenue.NewAccount();

        var answer = await system.BillingGrpc.RecordRevenueEventAsync(Revenue.Event(account, 80_00, minutesAgo: 3));

        Assert.False(answer.Duplicate);
        Assert.Equal(80_00, Revenue.MrrMinor(await Revenue.WaitForCountAsync(system.Rest, account, 1)));
    }

    [Fact]
    public async Task A_CloudEvent_delivered_to_billing_by_Dapr_reaches_scoring()
    {
        var account = Revenue.NewAccount();
        var envelope = JsonSerializer.Serialize(new
        {
            specversion = "1.0",
            id = Guid.NewGuid().ToString("N"),
            source = "chargebee",
            type = "com.chargebee.subscription.changed",
            datacontenttype = "application/json",
            data = new
            {
                account_id = account,
                kind = "subscription_started",
                mrr = new { amount_minor = 42_00, currency = "EUR" },
                occurred_at = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"),
                plan = "starter",
            },
        });
        using var billing = new HttpClient { BaseAddress = system.HttpUrlOf(ServiceTopology.Billing) };
        using var content = new StringContent(envelope, Encoding.UTF8, "application/cloudevents+json");

        using var response = await billing.PostAsync("/dapr/revenue-events", content);

        var status = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("SUCCESS", status.GetProperty("status").GetString());
        var health = await Revenue.WaitForCountAsync(system.Rest, account, 1);
        Assert.Equal(42_00, Revenue.MrrMinor(health));
        Assert.Equal("chargebee", health!.Value.GetProperty("lastRevenueEvent").GetProperty("source").GetString());
    }

    [Fact]
    public async Task The_same_event_three_times_is_counted_once_by_scoring()
    {
        var account = Revenue.NewAccount();
        var repeated = Revenue.Event(account, 100_00, minutesAgo: 10);
        var marker = Revenue.Event(account, 120_00, minutesAgo: 1);

        for (var i = 0; i < 3; i++)
        {
            using var response = await Revenue.PostAsync(system.Rest, repeated);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var last = await Revenue.PostAsync(system.Rest, marker);
        // Once the later marker is visible, the repeats (sent before it) have been processed too.
        var health = await Eventually.MatchesAsync(
            () => Revenue.HealthAsync(system.Rest, account),
            h => h?.GetProperty("lastRevenueEvent").GetProperty("eventId").GetString() == marker.EventId,
            "the marker event");
        Assert.Equal(2, Revenue.Count(health));
        Assert.Equal(120_00, Revenue.MrrMinor(health));
    }

    [Fact]
    public async Task A_late_event_is_counted_but_does_not_replace_newer_revenue()
    {
        var account = Revenue.NewAccount();
        await Revenue.PostAsync(system.Rest, Revenue.Event(account, 300_00, minutesAgo: 1));
        await Revenue.WaitForCountAsync(system.Rest, account, 1);

        await Revenue.PostAsync(system.Rest, Revenue.Event(account, 100_00, minutesAgo: 60 * 24));

        var health = await Revenue.WaitForCountAsync(system.Rest, account, 2);
        Assert.Equal(300_00, Revenue.MrrMinor(health));
    }

    [Fact]
    public async Task Bad_input_through_the_gateway_gets_field_errors_on_REST_and_gRPC()
    {
        var e = Revenue.Event(Revenue.NewAccount(), 10_00, minutesAgo: 1);
        e.Mrr.Currency = "usd";
        e.Kind = "refund_everything";

        using var rest = await Revenue.PostAsync(system.Rest, e);
        var rpc = await Assert.ThrowsAsync<RpcException>(() => system.BillingGrpc.RecordRevenueEventAsync(e).ResponseAsync);

        Assert.Equal(HttpStatusCode.BadRequest, rest.StatusCode);
        var problem = await rest.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("mrr.currency", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("kind", out _));
        Assert.Equal(StatusCode.InvalidArgument, rpc.StatusCode);
        Assert.Equal(
            ["kind", "mrr.currency"],
            rpc.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).Order().ToArray());
    }

    [Fact]
    public async Task An_unknown_account_is_404_over_REST_and_NOT_FOUND_over_gRPC()
    {
        using var rest = await system.Rest.GetAsync($"/api/v1/accounts/{Revenue.NewAccount()}/health");
        var rpc = await Assert.ThrowsAsync<RpcException>(() =>
            system.ScoringGrpc.GetAccountHealthAsync(new GetAccountHealthRequest { AccountId = Revenue.NewAccount() }).ResponseAsync);

        Assert.Equal(HttpStatusCode.NotFound, rest.StatusCode);
        Assert.Equal("application/problem+json", rest.Content.Headers.ContentType?.MediaType);
        Assert.Equal(StatusCode.NotFound, rpc.StatusCode);
    }

    [Fact]
    public async Task The_gateway_health_aggregates_every_service()
    {
        using var response = await system.Rest.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var services = body.GetProperty("services");
        foreach (var name in new[] { ServiceTopology.Billing, ServiceTopology.Scoring, ServiceTopology.Usage, ServiceTopology.Feedback })
        {
            Assert.True(services.GetProperty(name).GetProperty("ready").GetBoolean(), name);
        }
    }
}
