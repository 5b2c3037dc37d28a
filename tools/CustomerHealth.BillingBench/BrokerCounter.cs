using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace CustomerHealth.BillingBench;

/// <summary>
/// Counts what reached RabbitMQ: a queue of its own bound to the exchange MassTransit publishes a
/// message type to. Bound after a first message created the exchange, so MassTransit declares it
/// exactly as it wants; that first message is not counted.
/// </summary>
public sealed class BrokerCounter : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly string _queue;

    private BrokerCounter(IConnection connection, IChannel channel, string queue)
    {
        _connection = connection;
        _channel = channel;
        _queue = queue;
    }

    /// <param name="exchange">MassTransit's exchange name, e.g. "CustomerHealth.Contracts.Billing:RevenueChangedV1".</param>
    public static async Task<BrokerCounter> BindAsync(string amqp, string exchange, TimeSpan wait)
    {
        var connection = await new ConnectionFactory { Uri = new Uri(amqp) }.CreateConnectionAsync();
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            var probe = await connection.CreateChannelAsync();
            try
            {
                await probe.ExchangeDeclarePassiveAsync(exchange);
                break;
            }
            catch (OperationInterruptedException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
            finally
            {
                await probe.DisposeAsync();
            }
        }

        var channel = await connection.CreateChannelAsync();
        var queue = "bench-count-" + exchange.Split(':')[^1].ToLowerInvariant();
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await channel.QueuePurgeAsync(queue);
        await channel.QueueBindAsync(queue, exchange, "");
        return new BrokerCounter(connection, channel, queue);
    }

    public async Task<uint> CountAsync() => (await _channel.QueueDeclarePassiveAsync(_queue)).MessageCount;

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
