using CustomerHealth.Contracts.Billing;
using CustomerHealth.ServiceDefaults.Messaging;
using CustomerHealth.Testing;
using MassTransit;
using Npgsql;

namespace CustomerHealth.Scoring.Tests.Failover;

/// <summary>
/// Two scoring processes on one database and broker: both consume signals, one leads the async
/// daemon (HotCold). Killing the leader mid-stream loses nothing and the other takes over the daemon.
/// </summary>
public sealed class HotColdFailoverTests : IAsyncLifetime
{
    private readonly List<ServiceProcess> _nodes = [];
    private string _database = "";
    private string _broker = "";
    private IBusControl? _publisher;

    public async Task InitializeAsync()
    {
        _database = await (await PostgresServer.Shared).CreateDatabaseAsync("hotcold");
        _broker = await (await RabbitMqServer.Shared).CreateVirtualHostAsync("hotcold");
        var address = RabbitMqAddress.Parse(_broker);
        _publisher = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(address.Host, address.Port, address.VirtualHost, h =>
        {
            h.Username(address.Username);
            h.Password(address.Password);
        }));
        await _publisher.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
    }

    [Fact]
    public async Task When_the_daemon_leader_is_killed_the_standby_takes_over_and_no_signal_is_lost()
    {
        var leader = await StartNodeAsync("scoring-a");
        await PublishAsync(0, 40);
        await WaitUntilAsync("select count(*) from scoring.mt_events where data ? 'SourceId'", 40);
        await WaitUntilAsync("select coalesce(sum((data ->> 'EventCount')::bigint), 0) from scoring.mt_doc_accountactivity", 40);

        var standby = await StartNodeAsync("scoring-b");
        leader.Kill();
        await PublishAsync(40, 80);

        await WaitUntilAsync("select count(*) from scoring.mt_events where data ? 'SourceId'", 80);
        await WaitUntilAsync("select coalesce(sum((data ->> 'EventCount')::bigint), 0) from scoring.mt_doc_accountactivity", 80);
        Assert.True(standby.IsRunning, standby.RecentOutput);
        Assert.Equal(80, await ScalarAsync("select count(*) from scoring.mt_events"));
        Assert.Equal(8, await ScalarAsync("select count(*) from scoring.mt_doc_accounthealth"));
    }

    private async Task<ServiceProcess> StartNodeAsync(string name)
    {
        var ports = FreeTcpPort.NextDistinct(2);
        var endpoint = new ServiceEndpoint(name, "CustomerHealth.Scoring", ports[0], ports[1], ServiceTopology.ServiceReadinessPath);
        var node = await ServiceProcess.StartAsync(
            name, ServiceProcess.FindServiceDll("CustomerHealth.Scoring"), ServiceTopology.ServiceEnvironment(endpoint, _database, _broker), endpoint.ReadinessUrl, TimeSpan.FromSeconds(90));
        _nodes.Add(node);
        await BrokerReadiness.WaitAsync(endpoint.ReadinessUrl, name);
        return node;
    }

    private async Task PublishAsync(int from, int to)
    {
        var start = DateTimeOffset.UtcNow.AddDays(-30);
        for (var i = from; i < to; i++)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _publisher!.Publish(
                new RevenueChangedV1($"hc-{i}", $"hc-account-{i % 8}", "subscription_changed", 100_00 + i, "USD", start.AddHours(i), "growth", "stripe", start.AddHours(i)),
                timeout.Token);
        }
    }

    private async Task WaitUntilAsync(string sql, long expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        long last = -1;
        while (DateTime.UtcNow < deadline)
        {
            last = await ScalarAsync(sql);
            if (last >= expected)
            {
                Assert.Equal(expected, last);
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{sql} reached {last}, expected {expected}. Nodes:\n{string.Join("\n---\n", _nodes.Select(n => n.RecentOutput[^Math.Min(3000, n.RecentOutput.Length)..]))}");
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        if (_publisher is not null)
        {
            await _publisher.StopAsync();
        }
    }
}
