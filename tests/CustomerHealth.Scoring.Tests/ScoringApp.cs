using CustomerHealth.Scoring.V1;
using CustomerHealth.Testing;
using Grpc.Core;
using Grpc.Net.Client;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CustomerHealth.Scoring.Tests;

/// <summary>The scoring service in-process, on its own database and RabbitMQ virtual host.</summary>
public sealed class ScoringApp : IAsyncLifetime
{
    private WebApplicationFactory<Program>? _factory;
    private GrpcChannel? _channel;

    public ScoringService.ScoringServiceClient Grpc { get; private set; } = null!;

    public IServiceProvider Services => _factory!.Services;

    public HttpClient Rest { get; private set; } = null!;

    public string Database { get; private set; } = "";

    /// <summary>Publishes onto the same virtual host, as the other services would.</summary>
    public IPublishEndpoint Bus => _factory!.Services.GetRequiredService<IBus>();

    public async Task InitializeAsync()
    {
        Database = await (await PostgresServer.Shared).CreateDatabaseAsync("scoring_tests");
        var broker = await (await RabbitMqServer.Shared).CreateVirtualHostAsync("scoring_tests");
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("ConnectionStrings:Postgres", Database)
            .UseSetting("ConnectionStrings:RabbitMq", broker)
            // No source service runs beside these tests: point the drill-down at closed ports.
            .UseSetting("Services:Usage:Grpc", $"http://127.0.0.1:{FreeTcpPort.Next()}")
            .UseSetting("Services:Billing:Grpc", $"http://127.0.0.1:{FreeTcpPort.Next()}")
            .UseSetting("Services:Feedback:Grpc", $"http://127.0.0.1:{FreeTcpPort.Next()}"));
        Rest = _factory.CreateClient();
        _channel = GrpcChannel.ForAddress(_factory.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = _factory.Server.CreateHandler() });
        Grpc = new ScoringService.ScoringServiceClient(_channel);
        await _factory.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
    }

    public async Task PublishAsync(params object[] messages)
    {
        foreach (var message in messages)
        {
            await Bus.Publish(message, message.GetType());
        }
    }

    /// <summary>Polls GetAccountHealth until <paramref name="done"/>; the deadline only bounds a broken run.</summary>
    public async Task<AccountHealth> WaitForHealthAsync(string account, Func<AccountHealth, bool> done, string what = "the expected health")
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        AccountHealth? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = (await Grpc.GetAccountHealthAsync(new GetAccountHealthRequest { AccountId = account })).Health;
                if (done(last))
                {
                    return last;
                }
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{account} did not reach {what}; last: {last}");
    }

    /// <summary>Waits until scoring has applied <paramref name="count"/> distinct signals to the account.</summary>
    public async Task WaitForSignalsAsync(string account, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        long applied = 0;
        while (DateTime.UtcNow < deadline)
        {
            applied = await ScalarAsync("select count(distinct data ->> 'SourceId') from scoring.mt_events where stream_id = @a and data ? 'SourceId'", ("a", account));
            if (applied >= count)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{account}: {applied} of {count} signals applied");
    }

    public async Task<long> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }
}
