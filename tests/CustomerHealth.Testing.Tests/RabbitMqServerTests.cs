using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace CustomerHealth.Testing.Tests;

public sealed class RabbitMqServerTests
{
    [Fact]
    public async Task The_shared_broker_accepts_guest_on_its_default_virtual_host()
    {
        var server = await RabbitMqServer.Shared;

        await using var connection = await ConnectAsync(server.AmqpUri);

        Assert.True(connection.IsOpen);
        Assert.Equal($"amqp://guest:guest@127.0.0.1:{server.Port}/", server.AmqpUri);
    }

    [Fact]
    public async Task A_created_virtual_host_gives_guest_a_working_queue()
    {
        var server = await RabbitMqServer.Shared;
        var uri = await server.CreateVirtualHostAsync("roundtrip");

        await using var connection = await ConnectAsync(uri);
        await using var channel = await connection.CreateChannelAsync(Confirmed);
        await channel.QueueDeclareAsync("greetings", durable: true, exclusive: false, autoDelete: false);
        await channel.BasicPublishAsync("", "greetings", mandatory: true, new BasicProperties(), Encoding.UTF8.GetBytes("hello"));
        var message = await channel.BasicGetAsync("greetings", autoAck: true);

        Assert.Contains("/roundtrip_", uri);
        Assert.NotNull(message);
        Assert.Equal("hello", Encoding.UTF8.GetString(message.Body.Span));
    }

    [Fact]
    public async Task Queues_in_a_created_virtual_host_keep_their_backlog_on_disk_as_every_classic_queue_does_from_RabbitMQ_3_12()
    {
        var server = await RabbitMqServer.Shared;
        var uri = await server.CreateVirtualHostAsync("lazy");
        var vhost = Uri.EscapeDataString(new Uri(uri).AbsolutePath.TrimStart('/'));
        await using (var connection = await ConnectAsync(uri))
        await using (var channel = await connection.CreateChannelAsync())
        {
            await channel.QueueDeclareAsync("backlog", durable: true, exclusive: false, autoDelete: false);
        }

        using var management = new HttpClient { BaseAddress = server.ManagementUri };
        management.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("guest:guest")));
        using var overview = System.Text.Json.JsonDocument.Parse(await management.GetStringAsync("api/overview"));
        var version = Version.Parse(new string([.. overview.RootElement.GetProperty("rabbitmq_version").GetString()!.TakeWhile(c => char.IsDigit(c) || c == '.')]));
        var queue = await QueueAsync(management, $"api/queues/{vhost}/backlog", q => version >= new Version(3, 12) || q.TryGetProperty("backing_queue_status", out _));

        if (version < new Version(3, 12))
        {
            Assert.Equal("lazy", queue.GetProperty("backing_queue_status").GetProperty("mode").GetString());
        }
        else
        {
            Assert.Equal(System.Text.Json.JsonValueKind.Null, queue.GetProperty("policy").ValueKind);
        }
    }

    /// <summary>Polls the management API until the queue's statistics arrive (emitted every few seconds); the deadline only bounds a broken run.</summary>
    private static async Task<System.Text.Json.JsonElement> QueueAsync(HttpClient management, string path, Func<System.Text.Json.JsonElement, bool> complete)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var queue = System.Text.Json.JsonDocument.Parse(await management.GetStringAsync(path)).RootElement;
            if (complete(queue) || DateTime.UtcNow > deadline)
            {
                return queue;
            }

            await Task.Delay(250);
        }
    }

    [Fact]
    public async Task Queues_in_one_created_virtual_host_are_invisible_in_another()
    {
        var server = await RabbitMqServer.Shared;
        var first = await server.CreateVirtualHostAsync("isolation");
        var second = await server.CreateVirtualHostAsync("isolation");

        await using (var connection = await ConnectAsync(first))
        await using (var channel = await connection.CreateChannelAsync())
        {
            await channel.QueueDeclareAsync("only-here", durable: true, exclusive: false, autoDelete: false);
        }

        await using var otherConnection = await ConnectAsync(second);
        await using var otherChannel = await otherConnection.CreateChannelAsync();
        var error = await Assert.ThrowsAsync<OperationInterruptedException>(() => otherChannel.QueueDeclarePassiveAsync("only-here"));

        Assert.NotEqual(first, second);
        Assert.Equal((ushort)404, error.ShutdownReason?.ReplyCode);
    }

    [Fact]
    public async Task Given_a_persistent_message_in_a_durable_queue_When_the_broker_restarts_Then_the_message_is_still_there()
    {
        await using var server = await RabbitMqServer.StartAsync();
        var uri = await server.CreateVirtualHostAsync("restart");
        await using (var connection = await ConnectAsync(uri))
        await using (var channel = await connection.CreateChannelAsync(Confirmed))
        {
            await channel.QueueDeclareAsync("invoices", durable: true, exclusive: false, autoDelete: false);
            await channel.BasicPublishAsync("", "invoices", mandatory: true, new BasicProperties { Persistent = true }, Encoding.UTF8.GetBytes("invoice-42"));
        }

        var portBefore = server.Port;
        await server.StopAsync();
        Assert.False(FreeTcpPort.IsOpen(portBefore));
        await server.StartAgainAsync();

        if (server.Provisioning == ProvisioningMode.LocalBinaries)
        {
            Assert.Equal(portBefore, server.Port);
        }

        await using var reconnected = await ConnectAsync(server.AmqpUriFor(new Uri(uri).AbsolutePath.TrimStart('/')));
        await using var readChannel = await reconnected.CreateChannelAsync();
        var message = await readChannel.BasicGetAsync("invoices", autoAck: true);
        Assert.NotNull(message);
        Assert.Equal("invoice-42", Encoding.UTF8.GetString(message.Body.Span));
    }

    [Fact]
    public async Task A_disposed_dedicated_broker_no_longer_listens()
    {
        var server = await RabbitMqServer.StartAsync();
        var port = server.Port;
        Assert.True(FreeTcpPort.IsOpen(port));

        await server.DisposeAsync();

        Assert.False(FreeTcpPort.IsOpen(port));
    }

    private static CreateChannelOptions Confirmed => new(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true);

    private static Task<IConnection> ConnectAsync(string uri) => new ConnectionFactory { Uri = new Uri(uri) }.CreateConnectionAsync();
}
