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

    public async Task InitializeAsync()
    {
        var postgres = DedicatedPostgres ?? await PostgresServer.Shared;
        var rabbit = await RabbitMqServer.Shared;
        DatabaseConnectionString = await postgres.CreateDatabaseAsync("billing_tests");
        var broker = await rabbit.CreateVirtualHostAsync("billing_tests");
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("ConnectionStrings:Postgres", DatabaseConnectionString)
            .UseSetting("ConnectionStrings:RabbitMq", broker));
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
        await ScalarAsync("select count(*) from billing.mt_doc_recordedrevenueevent where id = @id", ("id", eventId)),
        await ScalarAsync("select count(*) from billing.mt_events where data->>'EventId' = @id", ("id", eventId)),
        await ScalarAsync("select count(*) from billing.outbox_messages where body->>'eventId' = @id", ("id", eventId)));

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }
}
