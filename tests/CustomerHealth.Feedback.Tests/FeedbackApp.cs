using CustomerHealth.Feedback.V1;
using CustomerHealth.Testing;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace CustomerHealth.Feedback.Tests;

/// <summary>The feedback service in-process, on its own database and RabbitMQ virtual host.</summary>
public sealed class FeedbackApp : IAsyncLifetime
{
    private WebApplicationFactory<Program>? _factory;
    private GrpcChannel? _channel;

    public string DatabaseConnectionString { get; private set; } = "";

    public FeedbackService.FeedbackServiceClient Grpc { get; private set; } = null!;

    public HttpClient Rest { get; private set; } = null!;

    public IServiceProvider Services => _factory!.Services;

    public async Task InitializeAsync()
    {
        var postgres = await PostgresServer.Shared;
        var rabbit = await RabbitMqServer.Shared;
        DatabaseConnectionString = await postgres.CreateDatabaseAsync("feedback_tests");
        var broker = await rabbit.CreateVirtualHostAsync("feedback_tests");
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("ConnectionStrings:Postgres", DatabaseConnectionString)
            .UseSetting("ConnectionStrings:RabbitMq", broker)
            // No scoring service binds queues for the signals here; the tests look at what reached the broker.
            .UseSetting("Outbox:HoldUntilRouted", "false"));
        Rest = _factory.CreateClient();
        _channel = GrpcChannel.ForAddress(_factory.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = _factory.Server.CreateHandler() });
        Grpc = new FeedbackService.FeedbackServiceClient(_channel);
    }

    /// <summary>Outbox rows that mention an event id: (message type, dispatched to RabbitMQ).</summary>
    public async Task<List<(string Type, bool Dispatched)>> OutboxAsync(string eventId)
    {
        await using var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select message_type, dispatched_at is not null from feedback.outbox_messages where body->>'eventId' = @id order by id", connection);
        command.Parameters.AddWithValue("id", eventId);
        var rows = new List<(string, bool)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0).Split(',')[0].Split('.')[^1], reader.GetBoolean(1)));
        }

        return rows;
    }

    public async Task<string?> OutboxBodyAsync(string eventId)
    {
        await using var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select body::text from feedback.outbox_messages where body->>'eventId' = @id limit 1", connection);
        command.Parameters.AddWithValue("id", eventId);
        return (string?)await command.ExecuteScalarAsync();
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
