using CustomerHealth.Billing.V1;
using CustomerHealth.Testing;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace CustomerHealth.Billing.Tests;

/// <summary>The billing service in-process, on its own database and RabbitMQ virtual host.</summary>
public sealed class BillingApp : IAsyncLifetime
{
    private WebApplicationFactory<Program>? _factory;
    private GrpcChannel? _channel;

    public string DatabaseConnectionString { get; private set; } = "";

    public BillingService.BillingServiceClient Grpc { get; private set; } = null!;

    public HttpClient Rest { get; private set; } = null!;

    public PostgresServer? DedicatedPostgres { get; init; }

    /// <summary>The broker's virtual host of this app (amqp URI).</summary>
    public string Broker { get; private set; } = "";

    /// <summary>
    /// Outbox:HoldUntilRouted, on in production: off here by default, where no scoring service binds
    /// queues for the signals and the tests only look at what reached the broker.
    /// </summary>
    public bool HoldUntilRouted { get; init; }

    public IServiceProvider Services => _factory!.Services;

    public async Task InitializeAsync()
    {
        var postgres = DedicatedPostgres ?? await PostgresServer.Shared;
        var rabbit = await RabbitMqServer.Shared;
        DatabaseConnectionString = await postgres.CreateDatabaseAsync("billing_tests");
        var broker = Broker = await rabbit.CreateVirtualHostAsync("billing_tests");
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("ConnectionStrings:Postgres", DatabaseConnectionString)
            .UseSetting("ConnectionStrings:RabbitMq", broker)
            .UseSetting("Outbox:HoldUntilRouted", HoldUntilRouted ? "true" : "false"));
        Rest = _factory.CreateClient();
        _channel = GrpcChannel.ForAddress(_factory.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = _factory.Server.CreateHandler() });
        Grpc = new BillingService.BillingServiceClient(_channel);
    }

    public async Task<long> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>How often billing stored and queued an event: idempotency record, stream events, outbox rows.</summary>
    public async Task<(long Records, long StreamEvents, long OutboxRows)> CountStoredAsync(string eventId) => (
        await ScalarAsync("select count(*) from billing.recorded_revenue_events where event_id = @id", ("id", eventId)),
        await ScalarAsync("select count(*) from billing.mt_events where data->>'EventId' = @id", ("id", eventId)),
        await ScalarAsync("select count(*) from billing.outbox_messages where body->>'eventId' = @id", ("id", eventId)));

    /// <summary>The outbox rows queued for an account: (message type name, dispatched to RabbitMQ).</summary>
    public async Task<List<(string Type, string EventId, bool Dispatched)>> OutboxAsync(string accountId)
    {
        await using var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select message_type, body->>'eventId', dispatched_at is not null from billing.outbox_messages where body->>'accountId' = @a order by id", connection);
        command.Parameters.AddWithValue("a", accountId);
        var rows = new List<(string, string, bool)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0).Split(',')[0].Split('.')[^1], reader.GetString(1), reader.GetBoolean(2)));
        }

        return rows;
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
