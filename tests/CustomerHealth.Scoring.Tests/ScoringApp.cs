using CustomerHealth.Scoring.V1;
using CustomerHealth.Testing;
using Grpc.Net.Client;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerHealth.Scoring.Tests;

/// <summary>The scoring service in-process, on its own database and RabbitMQ virtual host.</summary>
public sealed class ScoringApp : IAsyncLifetime
{
    private WebApplicationFactory<Program>? _factory;
    private GrpcChannel? _channel;

    public ScoringService.ScoringServiceClient Grpc { get; private set; } = null!;

    public IServiceProvider Services => _factory!.Services;

    /// <summary>Publishes onto the same virtual host, as billing would.</summary>
    public IPublishEndpoint Bus => _factory!.Services.GetRequiredService<IBus>();

    public async Task InitializeAsync()
    {
        var database = await (await PostgresServer.Shared).CreateDatabaseAsync("scoring_tests");
        var broker = await (await RabbitMqServer.Shared).CreateVirtualHostAsync("scoring_tests");
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("ConnectionStrings:Postgres", database)
            .UseSetting("ConnectionStrings:RabbitMq", broker));
        _channel = GrpcChannel.ForAddress(_factory.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = _factory.Server.CreateHandler() });
        Grpc = new ScoringService.ScoringServiceClient(_channel);
        // Start the host (and its bus and daemon).
        _ = _factory.Server;
        await _factory.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
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
