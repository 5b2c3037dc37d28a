using System.Collections.Concurrent;
using CustomerHealth.Contracts.Usage;
using CustomerHealth.ServiceDefaults.Messaging;
using CustomerHealth.Testing;
using MassTransit;

namespace CustomerHealth.Usage.Tests.PublishingSignals;

/// <summary>The usage service with a RabbitMQ of its own, which the test stops and starts, and a consumer of its signals.</summary>
public sealed class UsageAppWithOwnBroker : UsageApp
{
    private RabbitMqServer? _server;
    private IBusControl? _consumer;

    public ConcurrentQueue<AccountUsageChangedV1> Received { get; } = new();

    public RabbitMqServer Server => _server!;

    public override async Task InitializeAsync()
    {
        _server = await RabbitMqServer.StartAsync();
        Broker = await _server.CreateVirtualHostAsync("usage_outage");
        var address = RabbitMqAddress.Parse(Broker);
        _consumer = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(address.Host, address.Port, address.VirtualHost, h =>
            {
                h.Username(address.Username);
                h.Password(address.Password);
            });
            cfg.ReceiveEndpoint("usage-tests-signals", e => e.Handler<AccountUsageChangedV1>(context =>
            {
                Received.Enqueue(context.Message);
                return Task.CompletedTask;
            }));
        });
        await _consumer.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_consumer is not null)
        {
            await _consumer.StopAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

public class BrokerOutageTests(UsageAppWithOwnBroker app) : IClassFixture<UsageAppWithOwnBroker>
{
    [Fact]
    public async Task Events_recorded_while_RabbitMQ_is_down_are_accepted_and_their_signal_is_delivered_after_it_returns()
    {
        var account = Events.NewAccount();
        await app.Server.StopAsync();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var summary = (await app.Grpc.RecordEventBatchAsync(Events.Batch(
                    Enumerable.Range(0, 20).Select(j => Events.Valid(account, $"o-{i}-{j}", user: $"u{j % 4}", at: Events.EarlierToday())).ToArray()))).Summary;
                Assert.Equal(20, summary.Accepted);
            }

            // The signal is due and written to the outbox while the broker is still away.
            await Eventually.MatchesAsync(
                () => app.SignalsInOutboxAsync(account), s => s.Count > 0 && s[^1].GetProperty("eventsLast14Days").GetInt64() == 100, "the signal is in the outbox");
        }
        finally
        {
            await app.Server.StartAgainAsync();
        }

        var delivered = await Eventually.MatchesAsync(
            () => Task.FromResult(app.Received.Where(m => m.AccountId == account).ToList()),
            m => m.Any(s => s.EventsLast14Days == 100),
            "the consumer receives the signal with all 100 events",
            TimeSpan.FromSeconds(120));
        var final = delivered.Last(s => s.EventsLast14Days == 100);
        Assert.Equal((4, 4), (final.Dau, final.Mau));
        Assert.Equal(UtcDay.Of(TestTime.Now), final.AsOfDay);
    }
}
