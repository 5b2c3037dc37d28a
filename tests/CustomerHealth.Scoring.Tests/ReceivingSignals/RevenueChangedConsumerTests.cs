using CustomerHealth.Contracts.Billing;
using CustomerHealth.Scoring.ReadingHealth;
using CustomerHealth.Scoring.ReceivingSignals;
using CustomerHealth.Scoring.V1;
using Grpc.Core;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerHealth.Scoring.Tests.ReceivingSignals;

/// <summary>RevenueChangedV1 through real RabbitMQ into the account's Marten stream on real PostgreSQL.</summary>
public class RevenueChangedConsumerTests(ScoringApp app) : IClassFixture<ScoringApp>
{
    [Fact]
    public async Task A_redelivered_revenue_change_is_appended_to_the_stream_once()
    {
        var account = "acct-" + Guid.NewGuid().ToString("N")[..10];
        var message = Change(account, "evt-1", 300_00, DateTimeOffset.UtcNow.AddHours(-2));

        await app.Bus.Publish(message);
        await app.Bus.Publish(message);
        await app.Bus.Publish(Change(account, "evt-2", 320_00, DateTimeOffset.UtcNow.AddHours(-1)));

        var health = await WaitForHealthAsync(account, h => h.LastRevenueEvent.EventId == "evt-2");
        Assert.Equal(2, health.RevenueEventCount);
        await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var stream = await session.Events.FetchStreamAsync(account);
        Assert.Equal(["evt-1", "evt-2"], stream.Select(e => ((RevenueRecorded)e.Data).SourceEventId).ToArray());
    }

    [Fact]
    public async Task The_projected_health_equals_a_live_aggregation_of_the_stream()
    {
        var account = "acct-" + Guid.NewGuid().ToString("N")[..10];
        var start = DateTimeOffset.UtcNow.AddDays(-10);
        await app.Bus.Publish(Change(account, "a", 100_00, start.AddDays(2)));
        await app.Bus.Publish(Change(account, "b", 150_00, start.AddDays(5)));
        await app.Bus.Publish(Change(account, "c", 90_00, start.AddDays(1)));

        var projected = await WaitForHealthAsync(account, h => h.RevenueEventCount == 3);

        var store = app.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.LightweightSession();
        var live = await session.Events.AggregateStreamAsync<Scoring.ReadingHealth.AccountHealth>(account);
        var document = await session.LoadAsync<Scoring.ReadingHealth.AccountHealth>(account);
        Assert.Equal(live, document);
        Assert.Equal(150_00, projected.Mrr.AmountMinor);
        Assert.Equal("b", projected.LastRevenueEvent.EventId);
    }

    [Fact]
    public async Task An_unknown_account_is_NOT_FOUND_and_a_malformed_id_is_INVALID_ARGUMENT()
    {
        var missing = await Assert.ThrowsAsync<RpcException>(() => app.Grpc.GetAccountHealthAsync(new GetAccountHealthRequest { AccountId = "nobody-" + Guid.NewGuid() }).ResponseAsync);
        var malformed = await Assert.ThrowsAsync<RpcException>(() => app.Grpc.GetAccountHealthAsync(new GetAccountHealthRequest { AccountId = new string('x', 200) }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, malformed.StatusCode);
    }

    private async Task<V1.AccountHealth> WaitForHealthAsync(string account, Func<V1.AccountHealth, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                var health = (await app.Grpc.GetAccountHealthAsync(new GetAccountHealthRequest { AccountId = account })).Health;
                if (done(health))
                {
                    return health;
                }
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound && DateTime.UtcNow < deadline)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, $"account {account} did not reach the expected health");
            await Task.Delay(100);
        }
    }

    private static RevenueChangedV1 Change(string account, string eventId, long mrr, DateTimeOffset occurredAt) =>
        new(eventId, account, "subscription_changed", mrr, "USD", occurredAt, "growth", "stripe", DateTimeOffset.UtcNow);
}
