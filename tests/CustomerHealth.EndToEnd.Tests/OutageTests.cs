using System.Net;
using CustomerHealth.Testing;

namespace CustomerHealth.EndToEnd.Tests;

/// <summary>An acknowledged event survives a broker outage: billing keeps accepting, and delivers when the broker returns.</summary>
public class BrokerOutageTests(RunningSystemWithOwnBroker system) : IClassFixture<RunningSystemWithOwnBroker>
{
    [Fact]
    public async Task Events_posted_while_RabbitMQ_is_stopped_all_reach_scoring_after_it_restarts()
    {
        var account = Revenue.NewAccount();
        await system.Broker.StopAsync();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                using var response = await Revenue.PostAsync(system.Rest, Revenue.Event(account, 1_000 + i, minutesAgo: 100 - i));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }
        finally
        {
            await system.Broker.StartAgainAsync();
        }

        var health = await Revenue.WaitForCountAsync(system.Rest, account, 20, TimeSpan.FromSeconds(120));
        Assert.Equal(20, Revenue.Count(health));
        Assert.Equal(1_019, Revenue.MrrMinor(health));
    }
}

/// <summary>A stopped consumer catches up: its durable queue keeps what was published meanwhile.</summary>
public class ScoringCatchUpTests(RunningSystem system) : IClassFixture<RunningSystem>
{
    [Fact]
    public async Task Events_published_while_scoring_is_stopped_are_applied_when_it_starts_again()
    {
        var account = Revenue.NewAccount();
        await system.StopAsync(ServiceTopology.Scoring);
        try
        {
            for (var i = 0; i < 15; i++)
            {
                using var response = await Revenue.PostAsync(system.Rest, Revenue.Event(account, 2_000 + i, minutesAgo: 50 - i));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }
        finally
        {
            await system.StartAsync(ServiceTopology.Scoring);
        }

        var health = await Revenue.WaitForCountAsync(system.Rest, account, 15);
        Assert.Equal(15, Revenue.Count(health));
        Assert.Equal(2_014, Revenue.MrrMinor(health));
    }
}
