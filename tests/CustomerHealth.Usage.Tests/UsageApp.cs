using System.Text.Json;
using CustomerHealth.Testing;
using CustomerHealth.Usage.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CustomerHealth.Usage.Tests;

/// <summary>
/// The usage service in-process on real PostgreSQL and RabbitMQ, with a one-second signal window
/// so coalescing is observable in a test. <see cref="StartAsync"/> can start it again on the same
/// database, as a restart would.
/// </summary>
public class UsageApp : IAsyncLifetime
{
    /// <summary>As many entries as the service's appsettings.json, so every index is overridden.</summary>
    public static readonly string[] CoreFeatures = ["reports", "alerts", "integrations", "exports", "api"];

    private WebApplicationFactory<Program>? _factory;
    private GrpcChannel? _channel;

    public string Database { get; private set; } = "";

    public string Broker { get; protected set; } = "";

    public UsageService.UsageServiceClient Grpc { get; private set; } = null!;

    public HttpClient Rest { get; private set; } = null!;

    /// <summary>The gRPC channel's invoker, for calls a generated client cannot make (<see cref="RawGrpcCall"/>).</summary>
    public CallInvoker CallInvoker => _channel!.CreateCallInvoker();

    public IServiceProvider Services => _factory!.Services;

    /// <summary>Set before start to move the service's clock (retention tests).</summary>
    public MovableClock Clock { get; } = new();

    protected virtual TimeSpan SignalWindow => TimeSpan.FromSeconds(1);

    /// <summary>Further settings of a fixture that needs a configuration other than the defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    public virtual async Task InitializeAsync()
    {
        Database = await (await PostgresServer.Shared).CreateDatabaseAsync("usage_tests");
        if (Broker.Length == 0)
        {
            Broker = await (await RabbitMqServer.Shared).CreateVirtualHostAsync("usage_tests");
        }

        await StartAsync();
    }

    public async Task StartAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:Postgres", Database)
                .UseSetting("ConnectionStrings:RabbitMq", Broker)
                .UseSetting("Usage:SignalWindow", SignalWindow.ToString())
                .UseSetting("Usage:SignalPollInterval", "00:00:00.100")
                .UseSetting("Usage:SignalSchedulePeriod", "00:00:00.100")
                .UseSetting("Outbox:PollInterval", "00:00:00.200")
                // No scoring service binds queues for the signals here; the tests read the outbox itself.
                .UseSetting("Outbox:HoldUntilRouted", "false");
            for (var i = 0; i < CoreFeatures.Length; i++)
            {
                b.UseSetting($"Usage:CoreFeatures:{i}", CoreFeatures[i]);
            }

            foreach (var (key, value) in Settings)
            {
                b.UseSetting(key, value);
            }

            b.ConfigureServices(s => s.AddSingleton<TimeProvider>(Clock));
        });
        Rest = _factory.CreateClient();
        _channel = GrpcChannel.ForAddress(_factory.Server.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = _factory.Server.CreateHandler(),
            MaxReceiveMessageSize = 64 * 1024 * 1024,
            MaxSendMessageSize = 64 * 1024 * 1024,
        });
        Grpc = new UsageService.UsageServiceClient(_channel);
    }

    public async Task StopAsync()
    {
        _channel?.Dispose();
        Rest?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
            _factory = null;
        }
    }

    public async Task<long> ScalarAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The AccountUsageChangedV1 bodies in the outbox for an account, in the order they were written.</summary>
    public async Task<List<JsonElement>> SignalsInOutboxAsync(string account)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select body::text from usage.outbox_messages where message_type like 'CustomerHealth.Contracts.Usage.AccountUsageChangedV1,%' and body->>'accountId' = $1 order by id",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = account });
        var signals = new List<JsonElement>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            signals.Add(JsonSerializer.Deserialize<JsonElement>(reader.GetString(0)));
        }

        return signals;
    }

    public virtual async Task DisposeAsync() => await StopAsync();
}

/// <summary>
/// A clock that tests can move forward from <see cref="TestTime.Now"/>; the service reads time only
/// through it.
/// </summary>
public sealed class MovableClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => TestTime.Now + Offset;
}
