using System.Collections.Concurrent;
using CustomerHealth.Billing.V1;
using CustomerHealth.Contracts.Billing;
using CustomerHealth.ServiceDefaults.Messaging;
using CustomerHealth.Testing;
using MassTransit;

namespace CustomerHealth.Billing.Tests.Signals;

/// <summary>Billing as in production: signals no queue takes are held in the outbox (Outbox:HoldUntilRouted).</summary>
public sealed class BillingAppHoldingUnrouted : IAsyncLifetime
{
    public BillingApp App { get; } = new() { HoldUntilRouted = true };

    public Task InitializeAsync() => App.InitializeAsync();

    public Task DisposeAsync() => App.DisposeAsync();
}

/// <summary>
/// On a first install billing may take revenue events before scoring has ever declared its queues;
/// RabbitMQ drops what it cannot route, so those signals must wait in the outbox instead.
/// </summary>
public class UnroutedSignalsTests(BillingAppHoldingUnrouted fixture) : IClassFixture<BillingAppHoldingUnrouted>
{
    private readonly BillingApp app = fixture.App;

    [Fact]
    public async Task Signals_no_queue_takes_stay_in_the_outbox_and_are_delivered_once_a_consumer_binds_its_queue()
    {
        var started = RevenueEvents.Valid();
        await app.Grpc.RecordRevenueEventAsync(started);
        await app.Grpc.RecordRevenueEventAsync(RevenueEvents.MakeKind(RevenueEvents.Valid(accountId: started.AccountId), "renewal_scheduled"));
        // The commit wakes the dispatcher at once; without holding, the rows would be marked within milliseconds.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var held = await app.OutboxAsync(started.AccountId);
        Assert.Contains(held, r => r.Type == nameof(RevenueChangedV1));
        Assert.Contains(held, r => r.Type == nameof(RenewalDateChangedV1));
        Assert.All(held, r => Assert.False(r.Dispatched));

        var received = new ConcurrentQueue<RevenueChangedV1>();
        var address = RabbitMqAddress.Parse(app.Broker);
        var scoringStandIn = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(address.Host, address.Port, address.VirtualHost, h =>
            {
                h.Username(address.Username);
                h.Password(address.Password);
            });
            cfg.ReceiveEndpoint("billing-tests-scoring-stand-in", e => e.Handler<RevenueChangedV1>(context =>
            {
                received.Enqueue(context.Message);
                return Task.CompletedTask;
            }));
        });
        await scoringStandIn.StartAsync();
        try
        {
            await Eventually.MatchesAsync(
                () => app.OutboxAsync(started.AccountId),
                rows => rows.Where(r => r.Type == nameof(RevenueChangedV1)).All(r => r.Dispatched),
                "the revenue signal dispatched once a queue takes it");
            var delivered = await Eventually.MatchesAsync(
                () => Task.FromResult(received.Where(m => m.AccountId == started.AccountId).ToList()),
                messages => messages.Count > 0,
                "the revenue signal received");
            Assert.Equal(started.EventId, Assert.Single(delivered).EventId);
            // The renewal signal, whose type no queue is bound to yet, is still held, not dropped.
            Assert.False(Assert.Single(await app.OutboxAsync(started.AccountId), r => r.Type == nameof(RenewalDateChangedV1)).Dispatched);
        }
        finally
        {
            await scoringStandIn.StopAsync();
        }
    }
}
